"""create_app(): the database, extensions, blueprints, error handlers and CLI commands."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app
from flask_login import LoginManager
from flask_migrate import Migrate

from config import BASE_DIR, Config
from models import Base, User
from models.db import Database

login_manager = LoginManager()
migrate = Migrate()


class _MetadataHolder:
    """What Flask-Migrate needs of a database object: the metadata (env.py does the rest)."""

    metadata = Base.metadata


def get_db() -> Database:
    """The application's database."""
    return current_app.extensions["prikaz_db"]


@login_manager.user_loader
def _load_user(user_id: str) -> Any:
    from routes.auth import SessionUser

    with get_db().session() as session:
        user = session.get(User, int(user_id)) if user_id.isdigit() else None
        return SessionUser.of(user) if user is not None and user.active else None


def create_app(config: Config | None = None) -> Flask:
    """Build the application for a configuration (from the environment by default)."""
    config = config or Config()
    app = Flask(__name__, template_folder="routes/templates", static_folder="routes/static")
    app.config.from_mapping(config.as_flask())
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["prikaz_db"] = Database(config.DATABASE_URL)
    migrate.init_app(app, db=_MetadataHolder(), directory=str(BASE_DIR / "migrations"))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Войдите, чтобы продолжить."

    from routes.api import init_api
    from routes.api.auth import load_bearer_user
    from routes.auth import bp as auth_bp
    from routes.calendar import bp as calendar_bp
    from routes.errors import register_error_handlers
    from routes.web import bp as web_bp
    from routes.web.security import init_web_security

    app.register_blueprint(auth_bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(web_bp)
    init_api(app)
    # The API's bearer tokens authenticate like the session cookie: current_user is set either way.
    login_manager.request_loader(load_bearer_user)
    register_error_handlers(app)
    init_web_security(app)

    from cli import register_cli

    register_cli(app)
    if not app.debug:
        logging.basicConfig(level=logging.INFO)
        # transitions logs every state entry at INFO: noise in a server's log.
        logging.getLogger("transitions").setLevel(logging.WARNING)
    return app
