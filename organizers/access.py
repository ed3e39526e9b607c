"""Who an organizer is and what they may see: logins with hashed passwords, and scopes.

A campaign organizer sees every stage of their campaign (of every campaign for the bootstrap
account made by `podium create-organizer` without --campaign). A township organizer sees only the
stages held for their township or a village in it: any other stage, reached by URL or by a form,
answers 404 as if it did not exist, and nothing is changed.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any, Callable, Optional, TypeVar

from flask import abort, current_app, g, redirect, request, session, url_for
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from scoring.db import transaction, write
from scoring import audit
from scoring.models import Campaign, Organizer, OrganizerSession, Stage, Unit

ROLES = ("campaign", "township")
MIN_PASSWORD = 8

# Werkzeug's method for organizers' passwords (scrypt: about 0.2 s a hash, which is the point). The test
# suite sets a cheap one; a login is checked with the method its stored hash names.
PASSWORD_HASH = "scrypt"
SESSION_KEY = "console"  # the cookie's name for the server-side session (OrganizerSession.id is its digest)


class AccountError(ValueError):
    pass


T = TypeVar("T")


def sessions():
    return current_app.extensions["podium.sessions"]


def written(change: Callable[[Session], T]) -> T:
    """`change(db)` in one transaction, made like every change by the database's writer
    (scoring.db.write: off the event loop in the server), with this request's context: flash, abort
    and the organizer's scope work in it as in the view."""
    def in_transaction(writer_sessions) -> T:
        with transaction(writer_sessions) as db:
            return change(db)
    return write(in_transaction, sessions())


def _township(session: Session, campaign: Optional[Campaign], name: str) -> Unit:
    query = select(Unit).where(Unit.name == name)
    if campaign is not None:
        query = query.where(Unit.campaign_id == campaign.id)
    found = session.scalars(query).all()
    if len(found) != 1:
        raise AccountError(f"no single unit named {name!r}" + (" in that campaign" if campaign else ""))
    return found[0]


def create_organizer(session: Session, username: str, password: str, display_name: str = "",
                     campaign: Optional[str] = None, township: Optional[str] = None) -> Organizer:
    """A new organizer login (the caller commits). With `township` the role is township."""
    username = (username or "").strip()
    if not username or len(username) > 64:
        raise AccountError("the username must be 1 to 64 characters")
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"the password must be at least {MIN_PASSWORD} characters")
    if session.scalar(select(Organizer.id).where(Organizer.username == username)) is not None:
        raise AccountError(f"the username {username!r} is taken")
    found = None
    if campaign is not None:
        found = session.scalar(select(Campaign).where(Campaign.name == campaign))
        if found is None:
            raise AccountError(f"there is no campaign {campaign!r}")
    unit = _township(session, found, township) if township else None
    if unit is not None and found is None:
        found = unit.campaign
    organizer = Organizer(username=username, password_hash=generate_password_hash(password, method=PASSWORD_HASH),
                          display_name=display_name or username, role="township" if unit else "campaign",
                          campaign_id=found.id if found else None, unit_id=unit.id if unit else None)
    session.add(organizer)
    session.flush()
    return organizer


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def check_login(session: Session, username: str, password: str) -> Optional[Organizer]:
    """The organizer whose username and password these are, or None. An unknown username costs the
    same as a wrong password: the password is checked against a dummy hash made with the same method,
    so the answer's time does not tell whether the username exists."""
    organizer = session.scalar(select(Organizer).where(Organizer.username == (username or "").strip()[:64]))
    stored = organizer.password_hash if organizer is not None else _dummy_hash(PASSWORD_HASH)
    return organizer if check_password_hash(stored, password or "") and organizer is not None else None


def _login_username() -> str:
    return "login-user:" + (request.form.get("username") or "").strip()[:64]


def throttle_logins(limiter, app) -> None:
    """Failed logins (HTTP 401) counted per username and per address with Flask-Limiter: past
    LOGIN_LIMIT_USERNAME or LOGIN_LIMIT_ADDRESS (config) every login, the right password too, is
    refused with HTTP 429 until the window has passed. A successful login costs nothing."""
    from flask_limiter.util import get_remote_address

    failed = lambda response: response.status_code == 401  # noqa: E731
    view = app.view_functions["organizers.login"]
    for setting, key in (("LOGIN_LIMIT_USERNAME", _login_username), ("LOGIN_LIMIT_ADDRESS", get_remote_address)):
        view = limiter.limit(lambda setting=setting: current_app.config[setting], key_func=key, methods=["POST"],
                             deduct_when=failed, scope=setting.lower(), override_defaults=False)(view)
    app.view_functions["organizers.login"] = view


def _digest(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def start_session(organizer_id: int) -> None:
    """Log the organizer in: a new server-side session row, named in the (signed) cookie. The cookie
    lives for the idle lifetime (PERMANENT_SESSION_LIFETIME) and is renewed by every request."""
    sid = secrets.token_urlsafe(32)
    written(lambda db: db.add(OrganizerSession(id=_digest(sid), organizer_id=organizer_id)))
    session.clear()
    session[SESSION_KEY] = sid
    session.permanent = True


def end_session() -> None:
    """Log out: the session's row is deleted, so a copy of the cookie taken before stops working too."""
    sid = session.get(SESSION_KEY)
    if isinstance(sid, str):
        written(lambda db: db.execute(delete(OrganizerSession).where(OrganizerSession.id == _digest(sid))))
    session.clear()
    g.pop("podium_scope", None)


@dataclass(frozen=True)
class Scope:
    """What one organizer may see and change."""

    organizer_id: int
    name: str
    role: str
    campaign_id: Optional[int]
    units: Optional[frozenset[int]]  # township: the township and every unit below it; None: all

    def covers_unit(self, unit_id: Optional[int]) -> bool:
        return self.units is None or unit_id in self.units

    def covers_stage(self, stage: Stage) -> bool:
        if self.campaign_id is not None and stage.event.campaign_id != self.campaign_id:
            return False
        return self.covers_unit(stage.unit_id)

    def covers_campaign(self, campaign_id: int) -> bool:
        return self.campaign_id is None or self.campaign_id == campaign_id

    @property
    def whole_campaign(self) -> bool:
        return self.units is None

    @property
    def actor(self) -> str:
        return audit.organizer_actor(self.organizer_id, self.name)


def _below(session: Session, unit_id: int) -> frozenset[int]:
    children: dict[Optional[int], list[int]] = {}
    campaign_id = session.scalar(select(Unit.campaign_id).where(Unit.id == unit_id))
    for uid, parent in session.execute(select(Unit.id, Unit.parent_id).where(Unit.campaign_id == campaign_id)):
        children.setdefault(parent, []).append(uid)
    found, todo = set(), [unit_id]
    while todo:
        current = todo.pop()
        found.add(current)
        todo.extend(children.get(current, []))
    return frozenset(found)


def scope_of(session: Session, organizer: Organizer) -> Scope:
    units = _below(session, organizer.unit_id) if organizer.role == "township" and organizer.unit_id else None
    return Scope(organizer.id, organizer.username, organizer.role, organizer.campaign_id, units)


def current_scope() -> Optional[Scope]:
    if "podium_scope" in g:
        return g.podium_scope
    sid = session.get(SESSION_KEY)
    scope = None
    if isinstance(sid, str):
        with sessions()() as db:
            row = db.get(OrganizerSession, _digest(sid))
            organizer = db.get(Organizer, row.organizer_id) if row is not None else None
            scope = scope_of(db, organizer) if organizer is not None else None
    g.podium_scope = scope
    return scope


def organizer_required(view):
    """The view runs for a logged-in organizer (its scope in `g.podium_scope`); others go to login."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_scope() is None:
            return redirect(url_for("organizers.login", next=request.full_path))
        return view(*args, **kwargs)
    return wrapped


def campaign_in_scope(db: Session) -> Campaign:
    """The campaign a console page is about: ?campaign=ID (query or form), else the organizer's own,
    else the first one they see; 404 for a campaign outside their scope."""
    scope = current_scope()
    wanted = request.values.get("campaign", type=int) or scope.campaign_id
    campaign = (db.get(Campaign, wanted) if wanted is not None
                else db.scalars(select(Campaign).order_by(Campaign.id)).first())
    if campaign is None or not scope.covers_campaign(campaign.id):
        abort(404)
    return campaign


def stage_in_scope(db: Session, stage_key: str) -> Stage:
    """The stage if the organizer may see it; 404 otherwise (another township's stage does not exist)."""
    stage = db.scalar(select(Stage).where(Stage.key == stage_key))
    if stage is None or not current_scope().covers_stage(stage):
        abort(404)
    return stage


def match_stage_in_scope(db: Session, stage_key: str) -> Stage:
    """A match stage the organizer may see; 404 for any other stage."""
    stage = stage_in_scope(db, stage_key)
    if stage.event.format != "match":
        abort(404)
    return stage


def organizer_audit(db: Session, action: str, detail: dict[str, Any], stage: Optional[Stage] = None,
                    note: Optional[str] = None) -> None:
    """An organizer's change, in the audit log with the change itself."""
    audit.record(db, current_scope().actor, action, stage_id=stage.id if stage else None, detail=detail, note=note)


def same_origin_only():
    """Refuse a form sent to the console from another site (cross-site request forgery): a browser
    names the page a POST comes from in Origin (or Referer); it must be this server. Requests that
    name no origin at all (scripts, the command line) are let through: they carry no victim's cookie
    by accident."""
    if request.method != "POST" or not request.path.startswith("/organizer"):
        return None
    from urllib.parse import urlsplit

    source = request.headers.get("Origin") or request.headers.get("Referer")
    if source and source != "null" and urlsplit(source).netloc != request.host:
        abort(403, "This form was sent from another site; open the console on this server and send it again.")
    if source == "null":
        abort(403, "This form was sent from a page with no origin; open the console on this server and send it again.")
    return None


def off_the_loop(work, app=None):
    """Run blocking work (a long SQLite write, laying out a PDF) on a real thread when the server runs
    on gevent, so the live path keeps going; directly otherwise. `work` runs in an app context."""
    app = app or current_app._get_current_object()

    def in_context():
        with app.app_context():
            return work()
    if app.extensions["podium.socketio"].async_mode == "gevent":
        import gevent

        return gevent.get_hub().threadpool.apply(in_context)
    return in_context()
