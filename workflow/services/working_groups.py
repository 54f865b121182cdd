"""The composition editor of a working group: replace the members of a draft group, checked like the API's drafts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from models import Person, WorkingGroup, WorkingGroupMember
from models.db import Database
from models.working_groups import MEMBER_ROLES
from workflow import clock
from workflow.engine.engine import load_for_update, state_label
from workflow.engine.permissions import Actor, rule_matches
from workflow.errors import Forbidden, ValidationFailed
from workflow.services.common import must_get
from workflow.services.directory import check_version
from workflow.services.drafting import EDITORS, NotEditable, References
from workflow.services.visibility import Visibility, not_found


def may_edit_group(session: Session, actor: Actor, group: WorkingGroup) -> bool:
    """Whoever may draft the group (author, clerk or head of its organization) edits it while it is a draft."""
    return group.state == "draft" and any(rule_matches(session, rule, group, actor) for rule in EDITORS)


@dataclass(frozen=True)
class Member:
    """One row of a group's composition."""

    person_id: int
    role: str = "member"


@dataclass(frozen=True)
class ReplaceMembers:
    """The whole new composition of a draft group, in order, against the version the editor saw."""

    group_id: int
    members: tuple[Member, ...]
    expected_version: int | None = None


def replace_members(db: Database, actor: Actor, command: ReplaceMembers) -> None:
    """The group's composition replaced as a whole, in one transaction; one chair at most, nobody twice."""
    with db.transaction() as session:
        _replace_members(session, actor, command)


def _replace_members(session: Session, actor: Actor, command: ReplaceMembers) -> None:
    group_id = command.group_id
    group = load_for_update(session, WorkingGroup, group_id)
    if not Visibility(session, actor).can_see(group):
        raise not_found(WorkingGroup, group_id)
    if not any(rule_matches(session, rule, group, actor) for rule in EDITORS):
        raise Forbidden("Недостаточно прав: состав изменяет автор, делопроизводитель или руководитель организации.")
    check_version(group, command.expected_version)
    if group.state != "draft":
        raise NotEditable(f"Состав можно изменить только у проекта: рабочая группа в состоянии «{state_label(group)}».")
    refs = References(session, group.organization_id)
    seen: set[int] = set()
    rows: list[WorkingGroupMember] = []
    for n, member in enumerate(command.members):
        where = f"members.{n}"
        person = must_get(session, Person, member.person_id, f"{where}.person_id", "Сотрудник")
        refs.person(person.id, f"{where}.person_id")
        role = member.role or "member"
        if role not in MEMBER_ROLES:
            raise ValidationFailed("Неизвестная роль в составе.", {f"{where}.role": ["Выберите роль из списка."]})
        if person.id in seen:
            raise ValidationFailed(
                f"{person.name_initials} указан(а) в составе дважды.", {f"{where}.person_id": ["Повтор."]}
            )
        seen.add(person.id)
        rows.append(WorkingGroupMember(person_id=person.id, role=role, position=n))
    if sum(1 for r in rows if r.role == "chair") > 1:
        raise ValidationFailed("У рабочей группы один руководитель.", {"members": ["Несколько руководителей."]})
    group.members.clear()
    session.flush()
    group.members = rows
    group.touch(clock.now())
    session.flush()
