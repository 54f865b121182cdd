"""Password hashing with argon2id, and the password policy."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from workflow.errors import ValidationFailed

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


PASSWORD_MIN = 8
PASSWORD_MAX = 200


def check_password_policy(password: str) -> None:
    """Refuse a password shorter than 8 or longer than 200 characters (every path that sets one calls this)."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        message = f"Пароль — от {PASSWORD_MIN} до {PASSWORD_MAX} знаков."
        raise ValidationFailed(f"Проверьте поле «password»: {message}", {"password": [message]})
