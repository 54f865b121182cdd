"""Password hashing with argon2id, and the password policy."""

from __future__ import annotations

from functools import cache
from pathlib import Path

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


PASSWORD_MIN = 12
PASSWORD_MAX = 200
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parents[1] / "data" / "common_passwords.txt"


@cache
def common_passwords() -> frozenset[str]:
    """The 10,000 most common passwords shipped with the project (tools/build_password_list.py), lower-cased."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problems(password: str, login: str | None = None) -> list[str]:
    """What is wrong with a new password, in Russian; empty when it is acceptable."""
    problems: list[str] = []
    if len(password) < PASSWORD_MIN:
        problems.append(f"Пароль должен быть не короче {PASSWORD_MIN} символов.")
    if len(password) > PASSWORD_MAX:
        problems.append(f"Пароль должен быть не длиннее {PASSWORD_MAX} символов.")
    folded = password.strip().lower()
    if folded in common_passwords():
        problems.append("Этот пароль входит в список самых распространённых: выберите другой.")
    name = (login or "").strip().lower()
    if name and name in folded:
        problems.append("Пароль не должен совпадать с логином или содержать его.")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in password):
        problems.append("Пароль не должен содержать управляющих символов.")
    return problems


def check_password_policy(password: str, login: str | None = None) -> None:
    """Refuse a password that breaks the policy (every path that sets one calls this), every reason at the field."""
    problems = password_problems(password, login)
    if problems:
        raise ValidationFailed(f"Проверьте поле «Пароль»: {problems[0]}", {"password": problems})
