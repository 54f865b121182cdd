"""The Russian labels of input fields: messages name a field as the form does, never by its code.

One map for the domain's `field_error`, the API's validation envelope and the pages (routes/errors.py and
routes/web/labels.py read it from here): «Проверьте поле «Новый срок»», not «new_deadline».
"""

from __future__ import annotations

FIELD_LABELS: dict[str, str] = {
    "active": "Учётная запись действует",
    "activities": "Мероприятия",
    "appendices": "Приложения",
    "approval_without_visas": "Утверждение без виз",
    "approver_id": "Согласующий",
    "approvers": "Согласующие",
    "as_of": "На дату",
    "co_executors": "Соисполнители",
    "code": "Код",
    "comment": "Комментарий",
    "confirm": "Подтверждение",
    "controlled": "На контроле",
    "controller_id": "Контролёр",
    "cycle_id": "Отчётность",
    "date_from": "Начало периода",
    "date_to": "Конец периода",
    "day": "День",
    "days": "Число дней",
    "deadline": "Срок",
    "deadline_text": "Срок",
    "decision": "Решение",
    "decision_comment": "Комментарий к решению",
    "doc_type": "Вид документа",
    "due_date": "Срок",
    "email": "Электронная почта",
    "end": "Окончание",
    "executor_id": "Исполнитель документа",
    "executors": "Исполнители",
    "expected_version": "Версия",
    "file": "Файл",
    "files": "Файлы",
    "gender": "Пол",
    "group_by": "Группировка",
    "head_id": "Руководитель",
    "indicators": "Показатели",
    "is_head": "Руководитель",
    "journal_id": "Журнал регистрации",
    "kind": "Вид",
    "label": "Название",
    "login": "Логин",
    "members": "Состав",
    "name": "Наименование",
    "narrative": "Пояснение",
    "new_deadline": "Новый срок",
    "next_number": "Следующий номер",
    "note": "Примечание",
    "number": "Номер",
    "order_id": "Приказ",
    "organization_id": "Организация",
    "page": "Страница",
    "parent_id": "Вышестоящая организация",
    "password": "Пароль",
    "per_page": "Строк на странице",
    "period": "Период",
    "person_id": "Сотрудник",
    "place": "Место издания",
    "points": "Пункты",
    "position": "Должность",
    "preamble": "Констатирующая часть",
    "q": "Поиск",
    "quarters": "Четверти",
    "reason": "Причина",
    "reg_date": "Дата регистрации",
    "reg_number": "Регистрационный номер",
    "remarks": "Замечания",
    "report_text": "Текст отчёта",
    "responsible": "Ответственные",
    "revoke_reason": "Причина отзыва",
    "role": "Роль",
    "roles": "Роли",
    "sections": "Разделы",
    "short_name": "Краткое наименование",
    "signatory_id": "Подписант",
    "source_id": "Документ-источник",
    "source_kind": "Вид источника",
    "start": "Начало",
    "target": "Целевое значение",
    "text": "Текст",
    "title": "Заголовок",
    "user_id": "Пользователь",
    "valid_from": "Действует с",
    "valid_to": "Действует по",
    "value": "Значение",
    "values": "Значения",
    "version": "Версия",
    "view": "Вид справки",
    "working_days": "Число рабочих дней",
    "year": "Год",
}
# Lists whose items are numbered for people: «Пункт 2», «Согласующий 1».
ITEM_LABELS: dict[str, str] = {
    "points": "пункт",
    "children": "подпункт",
    "appendices": "приложение",
    "approvers": "согласующий",
    "members": "участник",
    "files": "файл",
    "sections": "раздел",
    "activities": "мероприятие",
    "indicators": "показатель",
    "values": "значение",
    "quarters": "четверть",
    "executors": "исполнитель",
    "responsible": "ответственный",
    "co_executors": "соисполнитель",
}
# What a message says for a field nobody gave a label yet: better vague than a code.
UNKNOWN_FIELD = "поле формы"


def field_label(path: str) -> str:
    """«points.1.text» → «Пункт 2, текст»; «new_deadline» → «Новый срок»; a code never shows through."""
    parts = [part for part in path.split(".") if part]
    words: list[str] = []
    for n, part in enumerate(parts):
        if part.isdigit():
            item = ITEM_LABELS.get(parts[n - 1]) if n else None
            if item:
                words[-1] = f"{item} {int(part) + 1}"
            continue
        if part.startswith("_"):
            continue
        words.append(FIELD_LABELS.get(part, UNKNOWN_FIELD).lower())
    text = ", ".join(words) or UNKNOWN_FIELD
    return text[0].upper() + text[1:]
