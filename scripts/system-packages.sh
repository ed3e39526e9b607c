#!/usr/bin/env bash
# Installs the Debian packages Podium needs when they are missing: fonts for Chinese and Tibetan,
# Pango for WeasyPrint, chromium for the browser tests (pass "browser"), poppler and zbar for PDF and QR checks,
# strace to count the fsyncs of an acknowledged mark,
# nginx for the load balancer of `make cluster` (pass "cluster"; the cluster starts its own nginx, not the system's).
set -euo pipefail
want=(fonts-noto-cjk fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0)
if [ "${1:-}" = "browser" ]; then want+=(chromium poppler-utils zbar-tools strace); fi
if [ "${1:-}" = "cluster" ]; then want+=(nginx); fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
