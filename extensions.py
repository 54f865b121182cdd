"""The extensions, created unbound and attached to an app by create_app with init_app."""

from __future__ import annotations

from flask import Flask, current_app
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from config import Settings
from models import Base
from models.db import Database

# The key of the app's Database in app.extensions (tests hand the app their own Database under it).
DB_KEY = "prikaz_db"
SETTINGS_KEY = "prikaz_settings"


class DatabaseExtension:
    """The app's models.db.Database, carrying the workflow's settings for the services."""

    def init_app(self, app: Flask, settings: Settings) -> None:
        """Create the app's Database on the configured URL, with the workflow's part of the settings."""
        app.extensions[DB_KEY] = Database(settings.DATABASE_URL, settings=settings.workflow)

    def get(self, app: Flask | None = None) -> Database:
        """The Database of an app (the current one by default)."""
        return (app or current_app).extensions[DB_KEY]


class _MetadataHolder:
    """What Flask-Migrate needs of a database object: the metadata (migrations/env.py does the rest)."""

    metadata = Base.metadata


db = DatabaseExtension()
login_manager = LoginManager()
csrf = CSRFProtect()
migrate = Migrate()
migrate_metadata = _MetadataHolder()


def get_db() -> Database:
    """The current application's Database."""
    return db.get()


def init_settings(app: Flask, settings: Settings) -> None:
    """Keep the app's Settings (Flask's config is derived from them) and configure Flask with them."""
    app.config.from_mapping(settings.as_flask())
    app.extensions[SETTINGS_KEY] = settings


def current_settings() -> Settings:
    """The current application's Settings."""
    return current_app.extensions[SETTINGS_KEY]
