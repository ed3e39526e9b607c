"""Subcommands of `podium`: load, judges, seed, create-organizer, verify, audit verify, print-certificates,
print-sheet, backup, restore, migrate, run."""
from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import click
from sqlalchemy import func, select

from display.links import only_this_computer
from podium import config as podium_config
from scoring.db import make_engine, make_sessionmaker, migrate, transaction
from scoring.loader import CompetitionFileError, load_competition, read_file
from scoring.models import Campaign, Entry, Judge, Stage

DEMO_FILE = Path(__file__).parent / "demo" / "luolong.yaml"


def _sessions():
    engine = make_engine(podium_config.from_environment()["DATABASE_URL"])
    migrate(engine)
    return make_sessionmaker(engine)


VENUE_FILE = "venue-url"  # in the instance folder: the venue address of the last `podium run`


def lan_address() -> str:
    """This laptop's address on the venue network (falls back to 127.0.0.1). The route a datagram to
    a private address would take names the interface (nothing is sent); the host name's address
    comes next (it is often 127.0.1.1 on Debian)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 9))
            address = probe.getsockname()[0]
            if not address.startswith(("127.", "0.")):
                return address
    except OSError:
        pass
    try:
        for *_, address in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            if not address[0].startswith("127."):
                return address[0]
    except OSError:
        pass
    return "127.0.0.1"


def server_url(host: str, port: int) -> str:
    """The venue address: PODIUM_PUBLIC_URL when set, else http://<LAN address or host>:<port>."""
    public = podium_config.from_environment()["PUBLIC_URL"]
    if public:
        return public.rstrip("/")
    shown = lan_address() if host in ("0.0.0.0", "::", "") else host
    return f"http://{shown}:{port}"


def venue_warning(url: str, host: str) -> str | None:
    """What to do when the venue address `url` only works on this computer (None when it is fine)."""
    if not only_this_computer(url):
        return None
    if host in ("0.0.0.0", "::", ""):
        return ("this computer has no address on a network, so QR codes point at itself and no tablet or "
                "phone can open them: join the venue network (Wi-Fi or cable) and restart, or set "
                "PODIUM_PUBLIC_URL to the address the tablets use.")
    return (f"the server listens on {host} only, so QR codes point at this computer and no tablet or phone "
            "can open them: start it with HOST=0.0.0.0 (`make run` does) or --host 0.0.0.0, or set "
            "PODIUM_PUBLIC_URL to the address the tablets use.")


def default_base_url() -> str:
    """The venue address for commands that print links (judges, print-certificates) with no --base-url:
    PODIUM_PUBLIC_URL, else the address the last `podium run` of this instance served at, else this
    laptop's LAN address on port 5000."""
    public = podium_config.from_environment()["PUBLIC_URL"]
    if public:
        return public.rstrip("/")
    recorded = podium_config.instance_dir() / VENUE_FILE
    if recorded.exists() and recorded.read_text().strip():
        return recorded.read_text().strip()
    return server_url("0.0.0.0", 5000)


@click.group(help="Podium: live scoring and judging for competition festivals.")
def podium():
    pass


def load_file(sessions, path, replace: bool) -> str:
    data = read_file(path)
    with transaction(sessions) as session:
        campaign = load_competition(session, data, replace=replace)
        stages = session.scalar(select(func.count(Stage.id)).join(Stage.event).where(Stage.event.has(campaign_id=campaign.id)))
        entries = session.scalar(select(func.count(Entry.id)).join(Entry.stage).join(Stage.event)
                                 .where(Stage.event.has(campaign_id=campaign.id)))
        return f"Loaded {campaign.name}: {len(campaign.events)} events, {stages} stages, {entries} entries."


@podium.command(help="Load a competition file (YAML or JSON). Changes nothing if the file has a problem.")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--replace", is_flag=True, help="Delete a campaign of the same name first.")
def load(path, replace):
    try:
        click.echo(load_file(_sessions(), path, replace))
    except CompetitionFileError as bad:
        click.echo(f"{path}: {len(bad.problems)} problem(s); nothing was loaded.", err=True)
        for problem in bad.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)


@podium.command(help="List a stage's judges with their secret login tokens and URLs.")
@click.argument("stage_key")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--base-url", default=None, help="Server address the tablets use (default: PODIUM_PUBLIC_URL, else the "
              "address the last `podium run` served at, else this laptop's LAN address, port 5000).")
def judges(stage_key, as_json, base_url):
    root = (base_url or default_base_url()).rstrip("/")
    with _sessions()() as session:
        stage = session.scalar(select(Stage).where(Stage.key == stage_key))
        if stage is None:
            click.echo(f"There is no stage {stage_key}.", err=True)
            sys.exit(1)
        rows = [{"key": j.key, "name": j.name, "chief": j.chief, "token": j.token, "url": f"{root}/j/{j.token}"}
                for j in session.scalars(select(Judge).where(Judge.stage_id == stage.id).order_by(Judge.position))]
    if as_json:
        click.echo(json.dumps({"stage": stage_key, "judges": rows}, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['key']:<8} {row['name']}{' (chief)' if row['chief'] else ''}\n         {row['url']}")


@podium.command(help="Draw a knockout from its group stage's tables, or a final's start list from its heats "
                      "(from_stage in the file).")
@click.argument("stage_key")
@click.option("--qualified", default=None,
              help="A measured final: the organizer's own qualifiers, best seed first (R5,R1,...), to settle a tie.")
@click.option("--reason", default=None,
              help="Why the qualifiers were chosen (a run-off, a drawing of lots): required with --qualified, audited.")
def seed(stage_key, qualified, reason):
    from scoring.errors import ScoringError
    from scoring.knockout import seed_from_groups
    from scoring.recording import seed_final
    from scoring.standings import stage_format

    with _sessions()() as session:
        kind = stage_format(session, stage_key)
    try:
        if kind == "measured":
            chosen = [key.strip() for key in qualified.split(",") if key.strip()] if qualified else None
            seed_final(_sessions(), stage_key, chosen=chosen, reason=reason)
        elif qualified:
            raise ScoringError("bad_request", "--qualified names a measured final's qualifiers; a knockout is "
                                              "drawn from its group tables (draw lots first when teams are level).")
        else:
            seed_from_groups(_sessions(), stage_key)
    except ScoringError as refused:
        click.echo(f"{refused.code}: {refused.message}", err=True)
        sys.exit(1)
    with _sessions()() as session:
        stage = session.scalar(select(Stage).where(Stage.key == stage_key))
        for fixture in stage.fixtures:
            home = fixture.home.name if fixture.home else fixture.home_source
            away = fixture.away.name if fixture.away else fixture.away_source
            click.echo(f"{fixture.key:<6} {home} v {away}")
        for entry in sorted(stage.entries, key=lambda e: e.lane or 0) if kind == "measured" else []:
            click.echo(f"lane {entry.lane}  {entry.key:<6} {entry.name}")


@podium.command("create-organizer", help="Create an organizer login: for the whole campaign, or (--township) one township.")
@click.argument("username")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", "display_name", default="", help="The name shown in the console.")
@click.option("--campaign", default=None, help="Limit the login to this campaign (default: every campaign).")
@click.option("--township", default=None, help="A township organizer: sees only this township's stages.")
def create_organizer_command(username, password, display_name, campaign, township):
    from organizers.access import AccountError, create_organizer

    try:
        with transaction(_sessions()) as session:
            organizer = create_organizer(session, username, password, display_name, campaign, township)
            role = organizer.role
    except AccountError as refused:
        click.echo(f"Not created: {refused}", err=True)
        sys.exit(1)
    click.echo(f"Created {role} organizer {username}.")


@podium.command(help="Say whether a certificate number was issued by this server, and for whom.")
@click.argument("code")
def verify(code):
    from organizers.printing.errors import NotGenuine
    from organizers.printing.verification import signed_award, verify_code
    from scoring.models import Award

    with _sessions()() as session:
        try:
            award_id = verify_code(code, podium_config.from_environment()["SECRET_KEY"],
                                   lambda found: signed_award(session, found))
        except NotGenuine as refused:
            click.echo(f"NOT GENUINE: {refused.message}", err=True)
            sys.exit(1)
        award = session.get(Award, award_id)
        stage = award.entry.stage
        click.echo(f"GENUINE {code}: {award.entry.name}{' ' + award.entry.name_bo if award.entry.name_bo else ''}, "
                   f"{award.level.name}, {stage.event.name} · {stage.name}, {stage.event.campaign.name}")


@podium.group(help="The audit trail.")
def audit():
    pass


@audit.command("verify", help="Check the audit's hash chains and recompute marks, locks, deductions and awards from "
                              "the audit: one line per row changed outside the application; exit code 1 if any.")
def audit_verify():
    from scoring.audit import verify as verify_audit

    problems = verify_audit(_sessions())
    for line in problems:
        click.echo(line)
    if problems:
        click.echo(f"FAILED: {len(problems)} problem(s).", err=True)
        sys.exit(1)
    click.echo("OK: every audit chain holds and the tables match the audit.")


def check_audit_at_start(sessions) -> None:
    """`podium run`'s check: what it finds is printed and shown on the console and the chief's tablet."""
    import time

    from scoring import audit as audit_trail

    started = time.perf_counter()
    problems = audit_trail.verify(sessions)
    audit_trail.remember(problems)
    took = f"{(time.perf_counter() - started) * 1000:.0f} ms"
    if not problems:
        click.echo(f"Audit check: clean ({took}).")
        return
    click.echo(f"WARNING: AUDIT CHECK FAILED ({took}): {len(problems)} problem(s); see `podium audit verify`.",
               err=True)
    for line in problems[:20]:
        click.echo(f"  {line}", err=True)


@podium.command("print-certificates", help="Print the certificates of a stage, event, tier or campaign as one PDF.")
@click.option("--stage", "stage_key", default=None)
@click.option("--event", "event_id", type=int, default=None)
@click.option("--tier", "tier_id", type=int, default=None)
@click.option("--campaign", "campaign_id", type=int, default=None)
@click.option("--award", "award_id", type=int, default=None, help="One certificate only.")
@click.option("--issuer", required=True, help="The issuing body, e.g. 洛隆县委宣传部.")
@click.option("--date", "issued_on", default=None, help="The date printed (YYYY-MM-DD; default today).")
@click.option("--seal", type=click.Path(dir_okay=False), default=None, help="A seal image (PNG/JPEG) printed over the date.")
@click.option("--portrait", is_flag=True, help="A4 portrait (default landscape).")
@click.option("--template", type=click.Path(dir_okay=False), default=None, help="A certificate template (HTML).")
@click.option("--base-url", default=None, help="The server address the QR codes open (default: PODIUM_PUBLIC_URL, else "
              "the address the last `podium run` served at, else this laptop's LAN address, port 5000).")
@click.option("--workers", type=int, default=1, show_default=True, help="Processes laying out a large batch.")
@click.option("--progress-file", type=click.Path(dir_okay=False), default=None, help="Where to write `done total` lines.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The PDF to write.")
def print_certificates(stage_key, event_id, tier_id, campaign_id, award_id, issuer, issued_on, seal, portrait, template,
                       base_url, workers, progress_file, out):
    from datetime import date

    from organizers.printing.awards import award_certificates
    from organizers.printing.certificates import render_certificates
    from organizers.printing.documents import save_pdf
    from organizers.printing.errors import PrintingError

    def progress(done, total):
        line = f"{done} {total}"
        click.echo(line)
        if progress_file:
            Path(progress_file).write_text(line)

    try:
        day = date.fromisoformat(issued_on) if issued_on else date.today()
        with _sessions()() as session:
            certificates = award_certificates(
                session, podium_config.from_environment()["SECRET_KEY"], (base_url or default_base_url()).rstrip("/"),
                issuer, day, stage_key=stage_key, event_id=event_id, tier_id=tier_id, campaign_id=campaign_id,
                award_id=award_id, seal=seal, orientation="portrait" if portrait else "landscape")
        if not certificates:
            raise PrintingError("No awards have been given there yet: nothing to print.")
        progress(0, len(certificates))
        pdf = render_certificates(certificates, Path(template) if template else None, progress, workers=workers)
        save_pdf(pdf, out)
    except (PrintingError, ValueError) as refused:
        click.echo(f"Not printed: {refused}", err=True)
        if progress_file:
            Path(progress_file).write_text(f"failed {refused}")
        sys.exit(1)
    click.echo(f"{len(certificates)} certificates written to {out}")


@podium.command("print-sheet", help="Print a stage's result sheet (for the officials to sign) as PDF.")
@click.argument("stage_key")
@click.option("--out", required=True, type=click.Path(dir_okay=False))
def print_sheet(stage_key, out):
    from organizers.printing.documents import save_pdf
    from organizers.printing.errors import PrintingError
    from organizers.printing.result_sheets import result_sheet_pdf

    try:
        with _sessions()() as session:
            save_pdf(result_sheet_pdf(session, stage_key), out)
    except PrintingError as refused:
        click.echo(f"Not printed: {refused}", err=True)
        sys.exit(1)
    click.echo(f"Result sheet of {stage_key} written to {out}")


DEMO_ORGANIZER = "admin"


def ensure_demo_organizer(sessions) -> str | None:
    """The demo's bootstrap login (admin, password from PODIUM_ADMIN_PASSWORD or kept in the instance
    folder), made once when no organizer exists; returns the password to print, or None."""
    import os

    from organizers.access import create_organizer
    from scoring.models import Organizer

    with transaction(sessions) as session:
        if session.scalar(select(func.count(Organizer.id))):
            return None
        password = os.environ.get("PODIUM_ADMIN_PASSWORD") or podium_config.instance_secret("admin-password")
        create_organizer(session, DEMO_ORGANIZER, password, "组委会")
        return password


def load_demo(sessions) -> None:
    """The demo campaign loaded when the database holds no campaign, and the demo's organizer login."""
    with sessions() as session:
        empty = session.scalar(select(func.count(Campaign.id))) == 0
    if empty:
        click.echo(load_file(sessions, DEMO_FILE, replace=False))
    password = ensure_demo_organizer(sessions)
    if password:
        # The password itself only on a terminal, never into a log file or a service's journal.
        import os

        kept = ("PODIUM_ADMIN_PASSWORD" if os.environ.get("PODIUM_ADMIN_PASSWORD")
                else podium_config.instance_dir() / "admin-password")
        shown = password if sys.stdout.isatty() else f"(the password is in {kept})"
        click.echo(f"Organizer login: {DEMO_ORGANIZER} / {shown}  (create others with `podium create-organizer`)")


@podium.command(help="Copy the whole database to FILE, safely while the server runs (SQLite: its online backup; "
                     "PostgreSQL: pg_dump, custom format).")
@click.argument("file", type=click.Path(dir_okay=False))
def backup(file):
    from podium import backup as backups

    try:
        click.echo(backups.backup(podium_config.from_environment()["DATABASE_URL"], Path(file)))
    except backups.BackupError as failed:
        raise click.ClickException(str(failed))


@podium.command(help="Replace the database by a backup made by `podium backup` (stop the server first). "
                     "Refused when the database holds data, unless --force.")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace a database that holds data.")
def restore(file, force):
    from podium import backup as backups

    try:
        click.echo(backups.restore(podium_config.from_environment()["DATABASE_URL"], Path(file), force=force))
    except backups.BackupError as failed:
        raise click.ClickException(str(failed))


@podium.command("migrate", help="Bring the database's schema to the newest version (run once before several "
                                 "server processes start; `podium run` does it by itself).")
@click.option("--demo", is_flag=True, help="Then load the demo campaign if the database is empty.")
def migrate_command(demo):
    engine = make_engine(podium_config.from_environment()["DATABASE_URL"])
    try:
        migrate(engine)
        click.echo("The database's schema is up to date.")
        if demo:
            load_demo(make_sessionmaker(engine))
    finally:
        engine.dispose()


@podium.command(help="Serve Podium (boards, tablets, console) on the local network.")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--demo", is_flag=True, help="Load the demo campaign if the database is empty.")
def run(host, port, demo):
    from podium.app import create_app

    app = create_app()
    migrate(app.extensions["podium.engine"])  # one process: the schema is brought up to date here
    if demo:
        load_demo(app.extensions["podium.sessions"])
    check_audit_at_start(app.extensions["podium.sessions"])
    venue = server_url(host, port)
    app.config["VENUE_URL"] = venue  # what QR codes encode (display.links.public_base)
    (podium_config.instance_dir() / VENUE_FILE).write_text(venue + "\n")
    _print_urls(app, venue, venue_warning(venue, host))
    socketio = app.extensions["podium.socketio"]
    options = {"handler_class": venue_handler()} if socketio.async_mode == "gevent" else {}
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, log_output=False, **options)


def venue_handler():
    """gevent's request handler with Nagle's algorithm off on every connection: a response's headers
    and body go out at once instead of waiting ~40 ms for the client's delayed ACK (every page, static
    file and API call of a keep-alive connection paid that wait)."""
    import socket as sockets

    from gevent import pywsgi

    class VenueHandler(pywsgi.WSGIHandler):
        def handle(self):
            try:
                self.socket.setsockopt(sockets.IPPROTO_TCP, sockets.TCP_NODELAY, 1)
            except (OSError, AttributeError):  # not a TCP socket (a test's socket pair)
                pass
            super().handle()

    return VenueHandler


def _print_urls(app, root: str, warning: str | None = None) -> None:
    with app.extensions["podium.sessions"]() as session:
        stages = [(stage.key, stage.name, stage.event.format)
                  for stage in session.scalars(select(Stage).order_by(Stage.id))]
    click.echo(f"\nPodium is serving at {root}")
    click.echo(f"  Organizer console : {root}/organizer/")
    click.echo(f"  Screens (start)   : {root}/screens")
    for key, name, kind in stages:
        officials = {"match": "Scorekeepers' QR", "measured": "Recorders' QR"}.get(kind, "Judges' QR sheet")
        click.echo(f"  [{key}] {name}")
        click.echo(f"    LED board       : {root}/board/{key}?w=1920&h=1080")
        click.echo(f"    Spectators      : {root}/s/{key}")
        click.echo(f"    {officials:<16}: {root}/organizer/stages/{key}/judges")
    if warning:
        click.echo(f"\nWARNING: {warning}")
    sys.stdout.flush()
