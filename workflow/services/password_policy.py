"""The password policy: long enough, not among the 10,000 most common passwords, not the login."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from workflow.errors import ValidationFailed

MIN_LENGTH = 12
MAX_LENGTH = 200
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parents[1] / "data" / "common_passwords.txt"


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list (tools/build_password_list.py), lower-cased."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problems(password: str, login: str | None = None) -> list[str]:
    """What is wrong with a new password, in Russian; empty when it is acceptable."""
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Пароль должен быть не короче {MIN_LENGTH} символов.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Пароль должен быть не длиннее {MAX_LENGTH} символов.")
    folded = password.strip().lower()
    if folded in common_passwords():
        problems.append("Этот пароль входит в список самых распространённых: выберите другой.")
    if login and login.strip() and (folded == login.strip().lower() or login.strip().lower() in folded):
        problems.append("Пароль не должен совпадать с логином или содержать его.")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in password):
        problems.append("Пароль не должен содержать управляющих символов.")
    return problems


def check_password(password: str, login: str | None = None, field: str = "password") -> None:
    """Refuse a password that breaks the policy (ValidationFailed at the field, every reason listed)."""
    problems = password_problems(password, login)
    if problems:
        raise ValidationFailed(problems[0], {field: problems})
