"""create_app(): the settings, extensions, blueprints, error handlers and CLI commands."""

from __future__ import annotations

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BASE_DIR, Settings
from extensions import csrf, db, init_settings, login_manager, migrate, migrate_metadata
from workflow import clock


def create_app(settings: Settings | None = None) -> Flask:
    """Build the application for its settings (from the environment by default)."""
    settings = settings or Settings.from_env()
    app = Flask(__name__, template_folder="routes/templates", static_folder="routes/static")
    init_settings(app, settings)
    if settings.TRUSTED_PROXIES > 0:
        # Only the addresses the trusted proxies appended count: anything a client writes itself is ignored.
        hops = settings.TRUSTED_PROXIES
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    clock.configure(settings.TIMEZONE)
    db.init_app(app, settings)
    migrate.init_app(app, db=migrate_metadata, directory=str(BASE_DIR / "migrations"))
    login_manager.init_app(app)

    from routes.api import init_api
    from routes.api.auth import load_bearer_user
    from routes.auth import bp as auth_bp
    from routes.auth import init_login
    from routes.calendar import bp as calendar_bp
    from routes.errors import register_error_handlers
    from routes.web import bp as web_bp
    from routes.web.security import init_web_security

    init_login(login_manager)
    app.register_blueprint(auth_bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(web_bp)
    init_api(app)
    # The API's bearer tokens authenticate like the session cookie: current_user is set either way.
    login_manager.request_loader(load_bearer_user)
    register_error_handlers(app)
    init_web_security(app, csrf)

    from cli import register_cli

    register_cli(app)
    if not app.debug:
        logging.basicConfig(level=logging.INFO)
        # transitions logs every state entry at INFO: noise in a server's log.
        logging.getLogger("transitions").setLevel(logging.WARNING)
    return app
