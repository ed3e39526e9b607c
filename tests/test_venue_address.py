"""Issue 13, the venue address: QR codes (officials' QR sheet, certificates) and the start-up banner use
the address tablets reach the server at, not the one the page was opened on, and say so when the codes
would only work on this computer (README, "At the venue")."""
from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess

import pytest
import requests
from playwright.sync_api import expect
from sqlalchemy import select

from conftest import ARTIFACTS, podium_cli, speech_competition
from organizers.access import create_organizer
from podium.commands import lan_address
from podium.testing import ServerProcess, migrated_sqlite
from scoring.db import make_engine, make_sessionmaker, transaction
from scoring.models import Judge, Stage
from test_festival_printing import PASSWORD, awarded, logged_in

pytestmark = pytest.mark.server


def decoded(png) -> list[str]:
    """The QR codes zbarimg reads in a picture."""
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg (Debian zbar-tools) is not installed: the QR codes are not decoded")
    read = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True).stdout
    return read.split()


@pytest.fixture
def venue_server(tmp_path):
    """venue_server(host, env) -> a `podium run` of its own listening on `host`, the speech final
    awarded and an organizer `printer`; opened by the tests at 127.0.0.1 like a laptop's own browser."""
    started, engines = [], []

    def start(host: str, env: dict | None = None) -> ServerProcess:
        instance = tmp_path / f"instance{len(started)}"
        instance.mkdir()
        engines.append(make_engine(migrated_sqlite(instance / "podium.db", speech_competition())))
        sessions = make_sessionmaker(engines[-1])
        awarded(sessions, "final")
        with transaction(sessions) as s:
            create_organizer(s, "printer", PASSWORD)
        server = ServerProcess(instance, env=env, host=host)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()
    for engine in engines:
        engine.dispose()


def sheet_urls(server) -> tuple[list[str], str]:
    """The officials' URLs printed on the final's QR sheet, and the sheet's HTML."""
    page = logged_in(server.url, "printer").get(f"{server.url}/organizer/stages/final/judges", timeout=10).text
    return re.findall(r'<code class="url">([^<]+)</code>', page), page


def network_address() -> str | None:
    """This machine's address on its network, as the route to a private address names it (the
    test's own oracle); None when it has none."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 9))
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith(("127.", "0.")) else address


def test_served_on_every_interface_the_codes_use_the_lan_address_and_the_port(venue_server, tmp_path):
    lan = network_address()
    if lan is None:
        pytest.skip("this machine has no address on a network")
    assert lan_address() == lan
    server = venue_server("0.0.0.0")
    venue = f"http://{lan}:{server.port}"
    urls, page = sheet_urls(server)
    assert len(urls) == 5 and all(url.startswith(f"{venue}/j/") for url in urls), urls
    assert 'id="venue-warning"' not in page
    banner = server.log.read_text()
    assert f"Podium is serving at {venue}" in banner and "WARNING" not in banner
    # The command line's links: the address this instance's server is serving at, not port 5000.
    listed = podium_cli(server.instance, "judges", "final", "--json")
    assert listed.returncode == 0, listed.stderr
    assert all(judge["url"].startswith(f"{venue}/j/") for judge in json.loads(listed.stdout)["judges"])
    # A certificate printed on the command line without --base-url: its QR code opens the venue address.
    printed = podium_cli(server.instance, "print-certificates", "--stage", "final", "--issuer", "洛隆县委宣传部",
                         "--out", str(tmp_path / "c.pdf"))
    assert printed.returncode == 0, printed.stderr
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", str(tmp_path / "c.pdf"),
                    str(tmp_path / "page")], check=True)
    assert [code.startswith(f"{venue}/verify/") for code in decoded(next(tmp_path.glob("page-*.png")))] == [True]


def test_served_on_this_computer_only_the_sheet_and_the_banner_warn(venue_server, browser):
    server = venue_server("127.0.0.1")
    assert "WARNING: the server listens on 127.0.0.1 only" in server.log.read_text()
    page = browser.new_page(locale="en-US", viewport={"width": 1000, "height": 900})
    page.goto(f"{server.url}/organizer/login?lang=en")
    page.fill("input[name=username]", "printer")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{server.url}/organizer/stages/final/judges?lang=en")
    warning = page.locator("#venue-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("These codes only work on this computer")
    expect(warning).to_contain_text(server.url)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "qr-sheet-local-only.png"))
    first = ARTIFACTS / "qr-sheet-first-card.png"
    page.locator(".qr-card").first.locator(".qr").screenshot(path=str(first))
    with make_sessionmaker(make_engine(f"sqlite:///{server.instance / 'podium.db'}"))() as s:
        token = s.scalar(select(Judge.token).join(Stage).where(Stage.key == "final").order_by(Judge.position))
    assert decoded(first) == [f"{server.url}/j/{token}"]


def test_podium_public_url_is_what_the_codes_open(venue_server):
    server = venue_server("127.0.0.1", {"PODIUM_PUBLIC_URL": "http://podium.venue:8080/"})
    urls, page = sheet_urls(server)
    assert urls and all(url.startswith("http://podium.venue:8080/j/") for url in urls)
    assert 'id="venue-warning"' not in page and "WARNING" not in server.log.read_text()
    cards = re.findall(r'<span class="stage">([^<]+)</span>', page)  # each card names the event and the stage
    assert cards and all(" · " in card and card.split(" · ")[0] for card in cards), cards
    listed = podium_cli(server.instance, "judges", "final", "--json", env={"PODIUM_PUBLIC_URL": "http://podium.venue:8080"})
    assert json.loads(listed.stdout)["judges"][0]["url"].startswith("http://podium.venue:8080/j/")
    assert requests.get(f"{server.url}/screens", timeout=5).status_code == 200
