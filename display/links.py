"""Links that are scanned: absolute URLs as the venue's devices reach this server, drawn as QR codes."""
from __future__ import annotations

import io
from urllib.parse import urlsplit

import qrcode
import qrcode.image.svg
from flask import current_app, request, url_for
from markupsafe import Markup


def public_base() -> str:
    """This server as the venue's devices reach it: PODIUM_PUBLIC_URL if set, else the venue address
    `podium run` found at start (VENUE_URL: the LAN address and the port), else the host this page
    was opened on (gunicorn behind nginx)."""
    config = current_app.config
    return (config.get("PUBLIC_URL") or config.get("VENUE_URL") or request.host_url).rstrip("/")


def only_this_computer(url: str) -> bool:
    """True when `url` names this computer only (127.x, localhost, ::1): no tablet or phone can open it."""
    host = (urlsplit(url).hostname or "").lower()
    return host.startswith("127.") or host in ("localhost", "::1")


def public_url(endpoint: str, **values) -> str:
    """An absolute URL for a phone or tablet (see public_base)."""
    return public_base() + url_for(endpoint, **values)


def qr_svg(text: str) -> Markup:
    """An inline SVG QR code (no image files, works offline)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(image_factory=qrcode.image.svg.SvgPathImage).save(out)
    svg = out.getvalue().decode()
    return Markup(svg[svg.index("<svg"):])
