"""The password policy: at least 12 characters, not one of the 10,000 most common, not the login."""

from __future__ import annotations

import pytest

from workflow.errors import ValidationFailed
from workflow.services.passwords import check_password_policy, common_passwords, password_problems


def test_the_shipped_list_holds_ten_thousand_common_passwords() -> None:
    words = common_passwords()
    assert len(words) == 10_000
    assert {"123456", "password", "qwerty"} <= words


def test_a_long_uncommon_password_that_is_not_the_login_is_accepted() -> None:
    assert password_problems("Зелёная-лампа-над-столом-7", login="sokolov") == []


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("demo2026", "не короче 12"),
        ("qwerty123456", "распространённых"),
        ("Sokolov-2026-spring", "логином"),
        ("sokolov.av.sokolov", "логином"),
        ("line\nbreak-password-123", "управляющих"),
        ("x" * 201, "не длиннее 200"),
    ],
)
def test_a_password_breaking_a_rule_is_refused_with_the_reason(password: str, reason: str) -> None:
    problems = password_problems(password, login="sokolov")
    assert any(reason in p for p in problems), problems
    with pytest.raises(ValidationFailed) as caught:
        check_password_policy(password, login="sokolov")
    assert caught.value.details == {"password": problems}
