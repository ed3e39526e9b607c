"""What every HTTP answer gets (docs/security.md, "Organizer console: logins, sessions and headers"):
security headers (Flask-Talisman), rate limits (Flask-Limiter), the console's session cookie, and the
client's address through a trusted proxy. create_app() calls protect(app) once."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

# Everything a page needs comes from this server: scripts only from files or inline blocks carrying
# the request's nonce; styles may be inline (style="..." attributes everywhere); pictures may be
# data: URLs (QR codes) and blob: (the certificate preview); the certificate preview is a blob: PDF in
# an iframe; Socket.IO's websocket goes to the same origin ('self' covers ws: and wss: in CSP 3).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "frame-src": "'self' blob:",
    "object-src": "'self' blob:",
    "frame-ancestors": "'self'",
    "form-action": "'self'",
    "base-uri": "'self'",
}


class ConsoleSessions(SecureCookieSessionInterface):
    """Flask's signed cookie (it holds only the server-side session's id, organizers/access.py),
    marked Secure when the page came over HTTPS (SECURE_COOKIES "auto"), always, or never."""

    def get_cookie_secure(self, app: Flask) -> bool:
        setting = app.config["SECURE_COOKIES"]
        return setting == "always" or (setting == "auto" and request.is_secure)


def _anonymous_exempt() -> bool:
    """The default limit is for anonymous HTTP: static files and logged-in organizers are not counted."""
    if request.endpoint == "static":
        return True
    from organizers.access import SESSION_KEY, current_scope

    return SESSION_KEY in session and current_scope() is not None


def protect(app: Flask) -> Limiter:
    """Headers, session cookie, proxy and rate limits on `app` (after the blueprints are registered)."""
    if app.config["PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXIES"], x_proto=app.config["PROXIES"])
    app.session_interface = ConsoleSessions()
    app.permanent_session_lifetime = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_REFRESH_EACH_REQUEST=True)
    Talisman(app, force_https=False, strict_transport_security=False, session_cookie_secure=False,
             content_security_policy=CONTENT_SECURITY_POLICY, content_security_policy_nonce_in=["script-src"],
             frame_options="SAMEORIGIN", referrer_policy="same-origin")
    limiter = Limiter(get_remote_address, app=app, default_limits_exempt_when=_anonymous_exempt)
    app.extensions["podium.limiter"] = limiter

    from organizers.access import throttle_logins
    from organizers.blueprint import refused_login

    throttle_logins(limiter, app)

    @app.errorhandler(429)
    def too_many(error):
        limit = getattr(error, "limit", None)
        wait = limit.limit.get_expiry() if limit is not None else 60
        headers = {"Retry-After": str(wait)}
        if request.endpoint == "organizers.login":
            return refused_login(wait), 429, headers
        return ("Too many requests from this address; wait a moment and try again.\n", 429,
                {**headers, "Content-Type": "text/plain; charset=utf-8"})

    return limiter
