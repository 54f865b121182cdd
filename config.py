"""Settings from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _default_database_url() -> str:
    INSTANCE_DIR.mkdir(exist_ok=True)
    return f"sqlite:///{INSTANCE_DIR / 'prikaz.sqlite3'}"


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once per instance and kept there."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    INSTANCE_DIR.mkdir(exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    """Production-like defaults; every value can come from the environment."""

    def __init__(self, **overrides: object) -> None:
        self.DATABASE_URL: str = os.environ.get("DATABASE_URL") or _default_database_url()
        self.SECRET_KEY: str = _secret_key()
        self.HOST: str = os.environ.get("HOST", "127.0.0.1")
        self.PORT: int = int(os.environ.get("PORT", "5000"))
        # The records-management rule for due dates on non-working days: preceding | following.
        self.DEADLINE_RULE: str = os.environ.get("DEADLINE_RULE", "preceding")
        self.MAX_CONTENT_LENGTH: int = int(os.environ.get("MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
        self.TESTING: bool = False
        for key, value in overrides.items():
            setattr(self, key, value)

    def as_flask(self) -> dict[str, object]:
        """The settings as a mapping for app.config.from_mapping."""
        return {k: v for k, v in vars(self).items() if k.isupper()}
