"""How a substitution reads: «И.о. начальника управления образования», «Соколов А.В. за Деречу Н.Е.»."""

from __future__ import annotations

import pytest

from models import Person
from workflow.printing.contexts import acting_position, whom


@pytest.mark.parametrize(
    ("position", "printed"),
    [
        ("Начальник управления образования", "И.о. начальника управления образования"),
        ("заместитель начальника управления", "И.о. заместителя начальника управления"),
        ("Директор МБОУ «СОШ № 1»", "И.о. директора МБОУ «СОШ № 1»"),
        ("", "И.о. руководителя"),
    ],
)
def test_the_acting_position_is_the_genitive_of_the_persons_position_after_io(position: str, printed: str) -> None:
    assert acting_position(position) == printed


@pytest.mark.parametrize(
    ("last", "first", "middle", "gender", "named"),
    [
        ("Дереча", "Наталья", "Евгеньевна", "f", "Деречу Н.Е."),
        ("Соколов", "Андрей", "Викторович", "m", "Соколова А.В."),
        ("Ушакова", "Ирина", "Геннадьевна", "f", "Ушакову И.Г."),
    ],
)
def test_the_person_stood_in_for_is_named_in_the_accusative_with_initials(
    last: str, first: str, middle: str, gender: str, named: str
) -> None:
    assert whom(Person(last_name=last, first_name=first, middle_name=middle, gender=gender)) == named
