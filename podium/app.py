"""The composition root: create_app() wires configuration, database, Socket.IO and blueprints."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from flask import Flask, redirect, request, url_for
from flask_babel import Babel, get_locale
from flask_socketio import SocketIO

from podium import config as podium_config, connections, refusals
from podium.http_input import bound_numbers
from podium.live import Live
from podium.wire import WireJSON, write_framed_as_is
from scoring.db import make_engine, make_sessionmaker

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("zh", "bo", "en")  # catalogs: translations/zh and translations/bo; English is the msgids
MAX_SOCKET_MESSAGE = 64 * 1024


def _locale() -> str:
    """?lang= first, then the remembered choice; an unknown value is skipped, Chinese by default."""
    for chosen in (request.args.get("lang"), request.cookies.get("lang")):
        if chosen in LANGUAGES:
            return chosen
    return "zh"


def _uncompressed_websockets(wsgi_app):
    """Websockets without permessage-deflate (browsers offer it, simple-websocket accepts it): each
    connection would keep its own compressor (about 100 KB of memory a phone, measured: 500 phones
    took 87 MB instead of 35 MB) and compress every snapshot again for itself. Node's socket.io
    leaves it off by default too; the slim view keeps a snapshot small instead."""
    def app(environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return wsgi_app(environ, start_response)
    return app


def create_app(overrides: Optional[dict] = None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=str(podium_config.instance_dir()))
    app.config.update(podium_config.from_environment())
    app.config.update(overrides or {})
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "translations")
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    bound_numbers(app)  # ids of 2^31 and more answer 404, not 500 (podium/http_input.py)

    engine = make_engine(app.config["DATABASE_URL"])  # the schema comes from `podium migrate`, not from here
    app.extensions["podium.engine"] = engine
    app.extensions["podium.sessions"] = make_sessionmaker(engine)

    Babel(app, locale_selector=_locale)
    app.jinja_env.filters["told"] = refusals.told  # a service's sentence (scoring.errors.Told), whole in the reader's language
    app.jinja_env.globals["get_locale"] = get_locale  # templates/_languages.html: <html lang>, the switch
    socketio = SocketIO(app, async_mode=app.config["ASYNC_MODE"], message_queue=app.config["MESSAGE_QUEUE"],
                        channel=app.config["QUEUE_CHANNEL"], json=WireJSON,
                        max_http_buffer_size=MAX_SOCKET_MESSAGE, cors_allowed_origins=None,
                        ping_interval=10, ping_timeout=10)
    app.extensions["podium.socketio"] = socketio
    app.extensions["podium.connections"] = connections.ConnectionLimits(socketio, app.config)
    app.wsgi_app = _uncompressed_websockets(app.wsgi_app)
    write_framed_as_is()

    from display import blueprint as display_blueprint, namespace as display_namespace
    from judges import blueprint as judges_blueprint, namespace as judges_namespace, score_namespace
    from organizers import blueprints as organizer_blueprints

    app.extensions["podium.live"] = Live(app, socketio)
    app.register_blueprint(display_blueprint.blueprint)
    app.register_blueprint(judges_blueprint.blueprint)
    for organizer_blueprint in organizer_blueprints():
        app.register_blueprint(organizer_blueprint)
    socketio.on_namespace(display_namespace.DisplayNamespace("/display"))
    socketio.on_namespace(judges_namespace.JudgeNamespace("/judge"))
    socketio.on_namespace(score_namespace.ScoreNamespace("/score"))
    socketio.on_namespace(score_namespace.RecordNamespace("/record"))

    from organizers.access import same_origin_only

    app.before_request(same_origin_only)
    from podium.web_security import protect

    protect(app)

    @app.after_request
    def _remember_language(response):
        if request.args.get("lang") in LANGUAGES:
            response.set_cookie("lang", request.args["lang"], max_age=365 * 24 * 3600, samesite="Lax")
        return response

    @app.route("/")
    def index():
        return redirect(url_for("display.screens"))

    return app

