"""The directory use cases on each database: one password policy, change commands that keep what they do not name."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Person, User
from models.db import Database
from tests.builders import build_office
from workflow.errors import Forbidden, ValidationFailed
from workflow.services import directory
from workflow.services.passwords import verify_password


def test_every_path_that_sets_a_password_refuses_one_shorter_than_twelve_characters(db: Database) -> None:
    office = build_office(db)
    admin = office.actors["admin"]
    with pytest.raises(ValidationFailed) as created:
        directory.create_user(db, admin, directory.NewUser("petrova", "Лето-в-2026", ["clerk"]))
    assert created.value.details == {"password": ["Пароль должен быть не короче 12 символов."]}
    with pytest.raises(ValidationFailed):
        directory.create_user(db, None, directory.NewUser("petrova", "x" * 201, ["clerk"]))
    clerk_id = office.actors["clerk"].user_id
    with pytest.raises(ValidationFailed) as changed:
        directory.update_user(db, admin, directory.ChangeUser(clerk_id, password="short"))
    assert changed.value.details == {"password": ["Пароль должен быть не короче 12 символов."]}
    with db.session() as s:
        assert s.scalar(select(User).where(User.login == "petrova")) is None
        assert not verify_password(s.get(User, clerk_id).password_hash, "short")


def test_a_user_created_by_the_service_keeps_its_roles_and_a_password_of_twelve_characters(db: Database) -> None:
    office = build_office(db)
    user = directory.create_user(
        db, office.actors["admin"], directory.NewUser("petrova", "Лето-в-2026!", ["clerk", "clerk"])
    )
    assert user.roles == ["clerk"] and user.active
    with db.session() as s:
        assert verify_password(s.get(User, user.id).password_hash, "Лето-в-2026!")
    with pytest.raises(Forbidden):
        directory.create_user(db, office.actors["clerk"], directory.NewUser("sidorova", "Лето-в-2026!", ["clerk"]))


def test_a_change_command_leaves_the_fields_it_does_not_name_as_they_were(db: Database) -> None:
    office = build_office(db)
    admin = office.actors["admin"]
    person = directory.create_person(
        db, admin, directory.NewPerson("Орлова", "Вера", "f", middle_name="Петровна", position="директор")
    )
    changed = directory.update_person(db, admin, directory.ChangePerson(person.id, person.version, position="учитель"))
    assert changed.version == person.version + 1
    with db.session() as s:
        row = s.get(Person, person.id)
        assert (row.last_name, row.middle_name, row.position) == ("Орлова", "Петровна", "учитель")
