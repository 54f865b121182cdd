"""Russian language helpers: dates, initials, declension of names and positions, person phrases."""

from __future__ import annotations

from datetime import date

import pytest

from documents.russian import (
    decline_person,
    decline_phrase,
    decline_position,
    format_date_long,
    format_date_numeric,
    format_date_words,
    guess_gender,
    initials_surname,
    lower_first,
    person_phrase,
    surname_initials,
)


def test_dates_are_formatted_the_three_ways_documents_use():
    d = date(2022, 3, 24)
    assert format_date_numeric(d) == "24.03.2022"
    assert format_date_long(d) == "24 марта 2022 г."
    assert format_date_words(d) == "24 марта 2022 года"


def test_single_digit_days_and_months_get_a_leading_zero_as_in_gost():
    d = date(2022, 4, 1)
    assert format_date_numeric(d) == "01.04.2022"
    assert format_date_words(d) == "01 апреля 2022 года"


def test_every_month_has_its_genitive():
    months = [format_date_long(date(2023, m, 5)).split()[1] for m in range(1, 13)]
    assert months == ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                      "октября", "ноября", "декабря"]


def test_signature_form_puts_initials_before_the_surname():
    assert initials_surname("Дереча", "Нина", "Евгеньевна") == "Н.Е. Дереча"
    assert surname_initials("Дереча", "Нина", "Евгеньевна") == "Дереча Н.Е."


def test_hyphenated_first_name_gives_hyphenated_initial():
    assert initials_surname("Сидорова", "Анна-Мария", "Ивановна") == "А.-М.И. Сидорова"
    assert surname_initials("Сидорова", "Анна-Мария", None) == "Сидорова А.-М."


def test_a_person_without_patronymic_has_one_initial():
    assert initials_surname("Ким", "Ирина", None) == "И. Ким"
    assert surname_initials("Ким", "Ирина", "") == "Ким И."


@pytest.mark.parametrize(
    ("person", "case", "expected"),
    [
        (("Ушакова", "Ирина", "Геннадьевна", "f"), "acc", ("Ушакову", "Ирину", "Геннадьевну")),
        (("Ушакова", "Ирина", "Геннадьевна", "f"), "dat", ("Ушаковой", "Ирине", "Геннадьевне")),
        (("Куропаткина", "Анна", "Николаевна", "f"), "dat", ("Куропаткиной", "Анне", "Николаевне")),
        (("Иванов", "Лев", "Петрович", "m"), "gen", ("Иванова", "Льва", "Петровича")),
        (("Иванов", "Лев", "Петрович", "m"), "ins", ("Ивановым", "Львом", "Петровичем")),
        (("Чайковский", "Пётр", "Ильич", "m"), "dat", ("Чайковскому", "Петру", "Ильичу")),
        (("Толстой", "Алексей", "Николаевич", "m"), "prep", ("Толстом", "Алексее", "Николаевиче")),
        (("Бадмаева", "Любовь", "Николаевна", "f"), "acc", ("Бадмаеву", "Любовь", "Николаевну")),
    ],
)
def test_men_and_women_decline_in_every_case(person, case, expected):
    assert decline_person(*person, case) == expected


@pytest.mark.parametrize("case", ["gen", "dat", "acc", "ins", "prep"])
@pytest.mark.parametrize(
    ("last", "first", "middle", "gender"),
    [
        ("Шевченко", "Тарас", "Григорьевич", "m"),
        ("Петренко", "Анна", "Павловна", "f"),
        ("Дюма", "Александр", None, "m"),
        ("Гёте", "Иоганн", None, "m"),
        ("Белых", "Ольга", "Ивановна", "f"),
        ("Долгих", "Иван", "Иванович", "m"),
        ("Цой", "Анна", "Викторовна", "f"),
        ("Ким", "Ирина", "Сергеевна", "f"),
    ],
)
def test_indeclinable_surnames_stay_as_they_are(last, first, middle, gender, case):
    assert decline_person(last, first, middle, gender, case)[0] == last


def test_a_man_named_tsoi_or_kim_declines_but_a_woman_does_not():
    assert decline_person("Цой", "Виктор", "Робертович", "m", "dat")[0] == "Цою"
    assert decline_person("Ким", "Игорь", "Сергеевич", "m", "gen")[0] == "Кима"
    assert decline_person("Ким", "Ирина", "Сергеевна", "f", "gen")[0] == "Ким"


def test_surname_in_unstressed_a_declines_for_both_genders():
    assert decline_person("Дереча", "Нина", "Евгеньевна", "f", "acc")[0] == "Деречу"
    assert decline_person("Дереча", "Николай", "Евгеньевич", "m", "dat")[0] == "Дерече"
    assert decline_person("Дереча", "Нина", "Евгеньевна", "f", "ins")[0] == "Деречей"


def test_hyphenated_surnames_decline_part_by_part():
    assert decline_person("Эрдни-Горяева", "Нина", "Манджиевна", "f", "dat")[0] == "Эрдни-Горяевой"
    assert decline_person("Римский-Корсаков", "Николай", "Андреевич", "m", "gen")[0] == "Римского-Корсакова"


def test_hyphenated_first_name_declines_part_by_part():
    assert decline_person("Сидорова", "Анна-Мария", "Ивановна", "f", "gen")[1] == "Анны-Марии"


def test_nominative_returns_the_name_unchanged():
    assert decline_person("Дереча", "Нина", "Евгеньевна", "f", "nom") == ("Дереча", "Нина", "Евгеньевна")


def test_unknown_case_or_gender_is_refused_in_russian():
    with pytest.raises(ValueError, match="Неизвестный падеж"):
        decline_person("Иванов", "Иван", None, "m", "voc")
    with pytest.raises(ValueError, match="Неизвестный пол"):
        decline_person("Иванов", "Иван", None, "x", "gen")


def test_gender_is_guessed_from_the_patronymic():
    assert guess_gender("Иван", "Петрович") == "m"
    assert guess_gender("Анна", "Петровна") == "f"
    assert guess_gender("Фарид", "Мамед оглы") == "m"
    assert guess_gender("Анна", None) is None


@pytest.mark.parametrize(
    ("position", "case", "expected"),
    [
        ("заместитель начальника управления образования", "acc",
         "заместителя начальника управления образования"),
        ("заместитель начальника управления образования", "dat",
         "заместителю начальника управления образования"),
        ("директор МБУ ДПО «СОИРО»", "dat", "директору МБУ ДПО «СОИРО»"),
        ("главный специалист-эксперт отдела общего образования", "dat",
         "главному специалисту-эксперту отдела общего образования"),
        ("главный специалист-эксперт отдела общего образования", "acc",
         "главного специалиста-эксперта отдела общего образования"),
        ("заведующая отделом", "acc", "заведующую отделом"),
        ("заведующая отделом", "dat", "заведующей отделом"),
        ("начальник управления", "acc", "начальника управления"),
        ("учитель русского языка и литературы", "dat", "учителю русского языка и литературы"),
        ("учитель русского языка и литературы", "ins", "учителем русского языка и литературы"),
        ("педагог-психолог", "gen", "педагога-психолога"),
        ("первый заместитель главы администрации", "acc", "первого заместителя главы администрации"),
        ("ведущий специалист", "prep", "ведущем специалисте"),
        ("главная медицинская сестра", "acc", "главную медицинскую сестру"),
        ("исполняющий обязанности директора", "dat", "исполняющему обязанности директора"),
        ("временно исполняющий обязанности начальника", "gen", "временно исполняющего обязанности начальника"),
        ("Руководители общеобразовательных организаций", "dat", "Руководителям общеобразовательных организаций"),
        ("образовательные организации", "acc", "образовательные организации"),
    ],
)
def test_positions_decline_the_head_and_keep_the_genitive_tail(position, case, expected):
    assert decline_position(position, case) == expected


def test_capitalisation_of_the_position_is_kept():
    assert decline_position("Директор МБУ ДПО «СОИРО»", "dat") == "Директору МБУ ДПО «СОИРО»"
    assert decline_position("Заведующая МКУ «Отдел образования»", "acc") == "Заведующую МКУ «Отдел образования»"


def test_abbreviations_quotes_and_latin_stay_unchanged():
    assert decline_position("и.о. начальника управления", "dat") == "и.о. начальника управления"
    assert decline_position("МБОУ «СОШ № 5»", "dat") == "МБОУ «СОШ № 5»"
    assert decline_position("IT-специалист", "dat") == "IT-специалист"
    assert decline_position("врио начальника", "acc") == "врио начальника"


def test_organization_names_decline_like_positions():
    assert decline_phrase("управление образования администрации города", "gen") == \
        "управления образования администрации города"
    assert decline_phrase("Отдел образования", "dat") == "Отделу образования"


def test_lower_first_keeps_abbreviations():
    assert lower_first("Управления образования") == "управления образования"
    assert lower_first("МКУ «Отдел образования»") == "МКУ «Отдел образования»"


def test_person_phrase_in_the_accusative_for_the_control_clause():
    phrase = person_phrase("заместитель начальника управления образования", "Ушакова", "Ирина", "Геннадьевна",
                           "f", "acc")
    assert phrase == "заместителя начальника управления образования Ушакову И.Г."


def test_person_phrase_in_the_dative_for_an_addressee():
    phrase = person_phrase("Директор МБУ ДПО «СОИРО»", "Куропаткина", "Анна", "Николаевна", "f", "dat")
    assert phrase == "Директору МБУ ДПО «СОИРО» Куропаткиной А.Н."


def test_person_phrase_for_a_man_with_an_indeclinable_surname():
    phrase = person_phrase("учитель физики", "Шевченко", "Павел", "Петрович", "m", "dat")
    assert phrase == "учителю физики Шевченко П.П."


def test_a_stored_override_wins_over_the_rules():
    phrase = person_phrase("директор", "Дюма", "Александр", None, "m", "dat",
                           override="директору МБОУ «Лицей № 1» А. Дюма")
    assert phrase == "директору МБОУ «Лицей № 1» А. Дюма"


def test_person_phrase_without_position_is_the_name_alone():
    assert person_phrase(None, "Бадмаева", "Любовь", "Николаевна", "f", "dat") == "Бадмаевой Л.Н."
