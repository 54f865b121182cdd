"""Login with the office directory against a real slapd: users, people and roles follow the directory."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import timedelta
from itertools import count

import pytest
from sqlalchemy import func, select, update

from config import Settings
from models import LoginAttempt, Organization, User
from models.db import Database
from models.directory import ROLES
from tests.builders import build_office
from tests.conftest import FROZEN_NOW
from tests.ldap_server import PEOPLE, SERVICE_DN, Directory, group_dn
from workflow.services.auth import InvalidCredentials, Throttle, check_credentials, session_user, sign_in
from workflow.services.office_directory import DirectoryUnavailable, is_disabled, split_name
from workflow.services.passwords import hash_password
from workflow.settings import DirectorySettings, WorkflowSettings, normalize_dn, parse_group_roles

pytestmark = pytest.mark.ldap
THROTTLE = Throttle()
_uids = count(1)


def _uid(stem: str) -> str:
    """A fresh uid per test: the directory lives for the session, each test of each database has its own people."""
    return f"{stem}{next(_uids)}"


def _settings(directory: Directory, **overrides: object) -> DirectorySettings:
    base = DirectorySettings(
        url=directory.url,
        bind_dn=SERVICE_DN,
        bind_password=directory.service_password,
        user_base=PEOPLE,
        group_roles=parse_group_roles(
            f"{group_dn('heads')}=head;{group_dn('clerks')}=clerk;{group_dn('staff')}=executor,approver;"
            f"{group_dn('controllers')}=controller",
            ROLES,
        ),
        organization="Управление образования",
        disabled_filter="(employeeType=disabled)",
        timeout_seconds=2,
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


@pytest.fixture
def office_db(db: Database, ldap_directory: Directory) -> Database:
    """The builders' office with the directory switched on."""
    build_office(db)
    db.settings = WorkflowSettings(directory=_settings(ldap_directory))
    return db


def _login(db: Database, login: str, password: str) -> int:
    return check_credentials(db, login, password, throttle=THROTTLE, now=FROZEN_NOW)


def _user(db: Database, login: str) -> User:
    with db.session() as session:
        user = session.scalars(select(User).where(User.login == login)).one()
        assert user.person is not None
        session.expunge_all()
        return user


def test_a_first_login_creates_the_user_and_person_with_the_roles_of_their_groups(
    office_db: Database, ldap_directory: Directory
) -> None:
    uid = _uid("ivanova")
    password = ldap_directory.add_person(
        uid, cn="Иванова Мария Петровна", title="главный специалист", mail=f"{uid}@uo.example"
    )
    ldap_directory.set_groups(uid, "clerks", "staff")

    user_id = _login(office_db, uid, password)

    with office_db.session() as session:
        user = session.get(User, user_id)
        assert user is not None and user.person is not None
        assert user.login == uid
        assert user.directory_dn == f"uid={uid},{PEOPLE}"
        assert user.roles == ["clerk", "approver", "executor"]
        person = user.person
        assert (person.last_name, person.first_name, person.middle_name) == ("Иванова", "Мария", "Петровна")
        assert person.gender == "f"
        assert person.position == "главный специалист"
        assert person.email == f"{uid}@uo.example"
        authority = session.scalar(select(Organization.id).where(Organization.name == "Управление образования"))
        assert person.organization_id == authority
        # The password stays in the directory: what is stored verifies nothing.
        assert password not in user.password_hash


def test_a_second_login_updates_the_person_from_the_directory(office_db: Database, ldap_directory: Directory) -> None:
    uid = _uid("sokolov")
    password = ldap_directory.add_person(uid, cn="Соколов Андрей Викторович", title="специалист", mail="a@uo.example")
    ldap_directory.set_groups(uid, "clerks")
    first = _login(office_db, uid, password)
    ldap_directory.modify_person(uid, title="начальник отдела", mail="sokolov@uo.example")

    assert _login(office_db, uid, password) == first
    person = _user(office_db, uid).person
    assert person is not None
    assert (person.position, person.email, person.gender) == ("начальник отдела", "sokolov@uo.example", "m")
    with office_db.session() as session:
        assert session.scalar(select(func.count()).select_from(User).where(User.login == uid)) == 1


def test_the_organization_attribute_of_the_entry_places_the_person_in_that_organization(
    office_db: Database, ldap_directory: Directory
) -> None:
    office_db.settings = WorkflowSettings(directory=_settings(ldap_directory, attr_organization="o"))
    uid = _uid("kuropatkina")
    password = ldap_directory.add_person(uid, cn="Куропаткина Анна Николаевна", o="МБОУ «СОШ № 1»")
    ldap_directory.set_groups(uid, "staff")

    _login(office_db, uid, password)

    with office_db.session() as session:
        school = session.scalar(select(Organization.id).where(Organization.name == "МБОУ «СОШ № 1»"))
    assert _user(office_db, uid).person.organization_id == school  # type: ignore[union-attr]


def test_a_change_of_groups_changes_the_roles_and_ends_the_sessions_opened_with_the_old_ones(
    office_db: Database, ldap_directory: Directory
) -> None:
    uid = _uid("gusejnova")
    password = ldap_directory.add_person(uid, cn="Гусейнова Марина Олеговна")
    ldap_directory.set_groups(uid, "clerks")
    signed = sign_in(office_db, uid, password, throttle=THROTTLE, now=FROZEN_NOW)
    assert signed.roles == ("clerk",)

    ldap_directory.set_groups(uid, "heads")
    again = sign_in(office_db, uid, password, throttle=THROTTLE, now=FROZEN_NOW)

    assert again.roles == ("head",)
    assert again.auth_epoch == signed.auth_epoch + 1  # the cookie of the first login no longer opens anything


def test_roles_come_from_memberof_on_the_entry_and_from_a_group_that_lists_the_login(
    office_db: Database, ldap_directory: Directory
) -> None:
    uid = _uid("controller")
    password = ldap_directory.add_person(uid, cn="Ушакова Ирина Геннадьевна")
    ldap_directory.set_groups(uid, "heads")  # groupOfNames: slapd's overlay writes memberOf on the entry
    ldap_directory.set_posix_group("controllers", uid)  # posixGroup: only the group knows its members
    assert [normalize_dn(dn) for dn in ldap_directory.member_of(uid)] == [group_dn("heads")]

    _login(office_db, uid, password)

    assert _user(office_db, uid).roles == ["head", "controller"]
    ldap_directory.set_posix_group("controllers")


def test_an_account_in_no_mapped_group_is_refused_and_loses_the_roles_it_had(
    office_db: Database, ldap_directory: Directory
) -> None:
    uid = _uid("badmaeva")
    password = ldap_directory.add_person(uid, cn="Бадмаева Людмила Николаевна")
    with pytest.raises(InvalidCredentials, match="не входит ни в одну группу"):
        _login(office_db, uid, password)
    with office_db.session() as session:
        assert session.scalar(select(User).where(User.login == uid)) is None

    ldap_directory.set_groups(uid, "staff")
    _login(office_db, uid, password)
    ldap_directory.set_groups(uid)
    with pytest.raises(InvalidCredentials, match="не входит ни в одну группу"):
        _login(office_db, uid, password)
    assert _user(office_db, uid).roles == []


def test_a_wrong_password_or_an_unknown_login_is_refused_and_counted_by_the_throttle(
    office_db: Database, ldap_directory: Directory
) -> None:
    uid = _uid("lidzhiev")
    ldap_directory.add_person(uid, cn="Лиджиев Батр Эрдниевич")
    ldap_directory.set_groups(uid, "staff")

    for login, password in ((uid, secrets.token_urlsafe(12)), (uid, ""), ("nobody", secrets.token_urlsafe(12))):
        with pytest.raises(InvalidCredentials, match="Неверный логин или пароль"):
            _login(office_db, login, password)

    with office_db.session() as session:
        assert session.scalar(select(func.count()).select_from(LoginAttempt)) == 3
        assert session.scalar(select(User).where(User.login == uid)) is None


def test_a_login_with_filter_characters_finds_nobody(office_db: Database, ldap_directory: Directory) -> None:
    uid = _uid("star")
    password = ldap_directory.add_person(uid, cn="Звёздов Пётр Ильич")
    ldap_directory.set_groups(uid, "staff")
    with pytest.raises(InvalidCredentials, match="Неверный логин или пароль"):
        _login(office_db, "*", password)


def test_a_disabled_directory_account_cannot_log_in(office_db: Database, ldap_directory: Directory) -> None:
    uid = _uid("disabled")
    password = ldap_directory.add_person(uid, cn="Отключённый Олег Олегович", disabled=True)
    ldap_directory.set_groups(uid, "heads")

    with pytest.raises(InvalidCredentials, match="Учётная запись отключена в каталоге"):
        _login(office_db, uid, password)
    with office_db.session() as session:
        assert session.scalar(select(User).where(User.login == uid)) is None


def test_an_account_disabled_in_the_directory_loses_the_sessions_it_opened_before(
    office_db: Database, ldap_directory: Directory
) -> None:
    uid = _uid("leaver")
    password = ldap_directory.add_person(uid, cn="Уходящий Павел Петрович")
    ldap_directory.set_groups(uid, "clerks")
    signed = sign_in(office_db, uid, password, throttle=THROTTLE, now=FROZEN_NOW)
    ldap_directory.modify_person(uid, employeeType="disabled")

    # A wrong password is told nothing about the account, yet the sessions end (AD refuses a disabled bind).
    with pytest.raises(InvalidCredentials, match="Неверный логин или пароль"):
        _login(office_db, uid, secrets.token_urlsafe(12))

    current = session_user(office_db, signed.user_id)
    assert current is not None and current.auth_epoch == signed.auth_epoch + 1
    with pytest.raises(InvalidCredentials, match="Учётная запись отключена в каталоге"):
        _login(office_db, uid, password)


def test_an_account_switched_off_here_stays_off_whatever_the_directory_says(
    office_db: Database, ldap_directory: Directory
) -> None:
    uid = _uid("ushakova")
    password = ldap_directory.add_person(uid, cn="Ушакова Ирина Геннадьевна")
    ldap_directory.set_groups(uid, "heads")
    _login(office_db, uid, password)
    with office_db.transaction() as session:
        session.execute(update(User).where(User.login == uid).values(active=False))

    with pytest.raises(InvalidCredentials, match="Неверный логин или пароль"):
        _login(office_db, uid, password)


def test_the_local_administrator_logs_in_with_the_local_password_while_the_directory_is_on_or_down(
    office_db: Database, ldap_directory: Directory
) -> None:
    password = secrets.token_urlsafe(16)
    with office_db.transaction() as session:
        session.execute(update(User).where(User.login == "admin").values(password_hash=hash_password(password)))
    admin_id = _login(office_db, "admin", password)
    with pytest.raises(InvalidCredentials):
        _login(office_db, "admin", secrets.token_urlsafe(16))

    office_db.settings = WorkflowSettings(directory=_settings(ldap_directory, url="ldap://127.0.0.1:1"))
    assert _login(office_db, "admin", password) == admin_id


def test_a_directory_that_does_not_answer_gives_a_clear_russian_error_and_counts_no_failure(
    office_db: Database, ldap_directory: Directory
) -> None:
    office_db.settings = WorkflowSettings(directory=_settings(ldap_directory, url="ldap://127.0.0.1:1"))
    with pytest.raises(DirectoryUnavailable, match="Каталог пользователей недоступен"):
        _login(office_db, "someone", secrets.token_urlsafe(12))
    with office_db.session() as session:
        assert session.scalar(select(func.count()).select_from(LoginAttempt)) == 0


def test_a_refused_service_account_is_reported_as_the_directory_being_unavailable(
    office_db: Database, ldap_directory: Directory
) -> None:
    office_db.settings = WorkflowSettings(directory=_settings(ldap_directory, bind_password=secrets.token_urlsafe(12)))
    with pytest.raises(DirectoryUnavailable):
        _login(office_db, "someone", secrets.token_urlsafe(12))


def test_no_password_reaches_the_log(
    office_db: Database, ldap_directory: Directory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    uid = _uid("quiet")
    password = ldap_directory.add_person(uid, cn="Тихонова Вера Павловна")
    ldap_directory.set_groups(uid, "staff")
    _login(office_db, uid, password)
    wrong = secrets.token_urlsafe(12)
    with pytest.raises(InvalidCredentials):
        _login(office_db, uid, wrong)
    office_db.settings = WorkflowSettings(directory=_settings(ldap_directory, url="ldap://127.0.0.1:1"))
    with pytest.raises(DirectoryUnavailable):
        _login(office_db, uid, password)
    assert caplog.records  # the failures were logged …
    for secret in (password, wrong, ldap_directory.service_password):
        assert secret not in caplog.text  # … without any password


def test_the_web_login_signs_a_directory_user_in_and_says_when_the_directory_is_down(
    db: Database, ldap_directory: Directory
) -> None:
    from app import create_app

    build_office(db)
    uid = _uid("web")
    password = ldap_directory.add_person(uid, cn="Петрова Елена Сергеевна")
    ldap_directory.set_groups(uid, "clerks")
    ldap = {
        "LDAP_URL": ldap_directory.url,
        "LDAP_BIND_DN": SERVICE_DN,
        "LDAP_BIND_PASSWORD": ldap_directory.service_password,
        "LDAP_USER_BASE": PEOPLE,
        "LDAP_GROUP_ROLES": f"{group_dn('clerks')}=clerk",
        "LDAP_ORGANIZATION": "Управление образования",
    }
    app = create_app(Settings.from_env({}, DATABASE_URL=db.url, SECRET_KEY="test", WTF_CSRF_ENABLED=False, **ldap))
    signed_in = app.test_client().post("/login", data={"login": uid, "password": password})
    assert signed_in.status_code == 302

    down = create_app(
        Settings.from_env(
            {},
            DATABASE_URL=db.url,
            SECRET_KEY="test",
            WTF_CSRF_ENABLED=False,
            **{**ldap, "LDAP_URL": "ldap://127.0.0.1:1"},
        )
    )
    refused = down.test_client().post("/login", data={"login": uid, "password": password})
    assert refused.status_code == 503
    assert "Каталог пользователей недоступен" in refused.get_data(as_text=True)
    answer = down.test_client().post("/api/v1/auth/token", json={"login": uid, "password": password})
    assert answer.status_code == 503


def test_the_settings_read_the_group_mapping_and_refuse_an_unknown_role() -> None:
    settings = Settings.from_env(
        {
            "LDAP_URL": "ldap://dc.uo.local",
            "LDAP_GROUP_ROLES": "CN=Heads, OU=Groups,DC=uo=head;cn=staff,dc=uo=executor, approver",
        },
        SECRET_KEY="x",
        DATABASE_URL="sqlite://",
    )
    assert settings.directory is not None
    assert settings.directory.group_roles == (
        ("cn=heads,ou=groups,dc=uo", ("head",)),
        ("cn=staff,dc=uo", ("executor", "approver")),
    )
    assert Settings.from_env({}, SECRET_KEY="x", DATABASE_URL="sqlite://").directory is None
    with pytest.raises(ValueError, match="LDAP_GROUP_ROLES"):
        parse_group_roles("cn=x,dc=uo=superuser", ROLES)


def test_active_directory_marks_a_disabled_account_by_the_second_bit_of_user_account_control() -> None:
    assert is_disabled({"userAccountControl": [514]})
    assert not is_disabled({"userAccountControl": [512]})
    assert is_disabled({"pwdAccountLockedTime": ["20261116090000Z"]})
    assert not is_disabled({"pwdAccountLockedTime": []})


def test_a_name_is_read_surname_first_and_dns_compare_without_case_or_spaces() -> None:
    assert split_name("Иванова Мария Петровна") == ("Иванова", "Мария", "Петровна")
    assert split_name("Оглы Рашид Рамиз оглы") == ("Оглы", "Рашид", "Рамиз оглы")
    assert split_name("admin") == ("admin", "", "")
    assert normalize_dn("CN=Heads, OU=Groups ,DC=uo") == "cn=heads,ou=groups,dc=uo"


def test_the_throttle_still_slows_down_a_directory_login_guessed_too_often(
    office_db: Database, ldap_directory: Directory
) -> None:
    uid = _uid("guessed")
    password = ldap_directory.add_person(uid, cn="Угадайкин Семён Семёнович")
    ldap_directory.set_groups(uid, "staff")
    strict = Throttle(max_failures=2, window=timedelta(minutes=15))
    for _ in range(2):
        with pytest.raises(InvalidCredentials):
            check_credentials(office_db, uid, secrets.token_urlsafe(8), throttle=strict, now=FROZEN_NOW)
    from workflow.services.auth import TooManyAttempts

    with pytest.raises(TooManyAttempts):
        check_credentials(office_db, uid, password, throttle=strict, now=FROZEN_NOW)
