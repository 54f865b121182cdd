"""Russian words the pages show for stored codes (states come from the lifecycle data itself)."""

from __future__ import annotations

from models.directory import ROLE_LABELS
from models.working_groups import MEMBER_ROLE_LABELS
from workflow.engine.lifecycles import DECISION, EXTENSION_REQUESTS, LIFECYCLES, VISA_CHOICES
from workflow.engine.naming import ORDER_KIND_LABELS, order_name

ORG_KIND_LABELS = {"authority": "орган управления", "school": "образовательная организация", "other": "другая"}
GENDER_LABELS = {"m": "мужской", "f": "женский"}
VISA_DECISION_LABELS = {
    "approve": "Согласовано",
    "approve_with_remarks": "Согласовано с замечаниями",
    "reject": "Не согласовано",
}
# What the approver chooses (the verb), as opposed to the recorded outcome above.
VISA_CHOICE_LABELS = {choice: VISA_CHOICES[choice] for choice in DECISION.choices}
SOURCE_KIND_LABELS = {
    "order": "приказ",
    "roadmap": "дорожная карта",
    "working_group": "рабочая группа",
    "reporting": "отчётность",
}
# «ждёт решения», «перенос согласован»: the states of the extension lifecycle, written inside a sentence.
EXTENSION_STATUS_LABELS = {code: label[0].lower() + label[1:] for code, label in EXTENSION_REQUESTS.states.items()}
DEADLINE_KIND_LABELS = {
    "date": "дата",
    "window": "период выполнения",
    "month": "месяц",
    "recurring": "повторяющийся срок",
    "period": "до конца периода",
    "continuous": "постоянно (контрольные точки по кварталам)",
    "external": "по внешнему графику — дату укажет человек",
    "relative": "от события — дата появится, когда событие наступит",
    "unknown": "не распознан — дату укажет человек",
}
# Events recorded besides lifecycle moves (creation, edits of a draft, extension requests and decisions).
EXTRA_EVENT_LABELS = {
    "create": "Создан проект",
    "edit": "Изменён проект",
    "extension_requested": "Запрошен перенос срока",
    "extension_granted": "Перенос срока согласован",
    "extension_denied": "В переносе срока отказано",
}
DOC_TYPE_LABELS = {
    "order": "Приказ, постановление, распоряжение",
    "letter": "Письмо",
    "approval_sheet": "Лист согласования",
    "execution_report": "Отчёт об исполнении",
    "reporting_period": "Отчёт по показателям",
    "control_report": "Справка о ходе исполнения",
}


def state_label(kind: str, state: str) -> str:
    """The Russian name of a state of a kind."""
    lifecycle = LIFECYCLES.get(kind)
    return lifecycle.states.get(state, state) if lifecycle else state


def event_label(kind: str, event: str) -> str:
    """The Russian name of an event (or of a recorded non-lifecycle entry)."""
    if event in EXTRA_EVENT_LABELS:
        return EXTRA_EVENT_LABELS[event]
    lifecycle = LIFECYCLES.get(kind)
    if lifecycle and event in lifecycle.events:
        return lifecycle.event_label(event)
    return event


__all__ = [
    "DEADLINE_KIND_LABELS",
    "DOC_TYPE_LABELS",
    "EXTENSION_STATUS_LABELS",
    "GENDER_LABELS",
    "MEMBER_ROLE_LABELS",
    "ORDER_KIND_LABELS",
    "ORG_KIND_LABELS",
    "ROLE_LABELS",
    "SOURCE_KIND_LABELS",
    "VISA_CHOICE_LABELS",
    "VISA_DECISION_LABELS",
    "event_label",
    "order_name",
    "state_label",
]
