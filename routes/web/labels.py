"""Russian words the pages show for stored codes (states come from the lifecycle data itself)."""

from __future__ import annotations

from documents.russian import upper_first
from models import Person
from models.directory import ROLE_LABELS
from models.working_groups import MEMBER_ROLE_LABELS
from workflow.engine.lifecycles import DECISION, EXTENSION_REQUESTS, LIFECYCLES, VISA_CHOICES
from workflow.engine.naming import ORDER_KIND_LABELS, order_name
from workflow.printing.contexts import addressee_doc

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
    "import": "Загружен подписанный документ",
    "extension_requested": "Запрошен перенос срока",
    "extension_granted": "Перенос срока согласован",
    "extension_denied": "В переносе срока отказано",
    "deadline_set": "Установлен срок",
    "amend": "Изменено приказом",
    "amended": "Внесены изменения",
}
DOC_TYPE_LABELS = {
    "order": "Приказ, постановление, распоряжение",
    "letter": "Письмо",
    "approval_sheet": "Лист согласования",
    "execution_report": "Отчёт об исполнении",
    "reporting_period": "Отчёт по показателям",
    "control_report": "Справка о ходе исполнения",
}


# What each guard checks, for the lifecycle page (the codes stay in the code and the API).
GUARD_LABELS = {
    "order_complete": "проект заполнен полностью",
    "visa_comment": "замечания написаны, если они есть",
    "visas_complete": "все визы получены",
    "lawful_signatory": "у подписанта есть право подписи",
    "addresses_in_subtree": "адресаты — своя организация и подведомственные",
    "order_tasks_done": "все поручения по приказу исполнены",
    "source_tasks_done": "все поручения исполнены",
    "not_rollup": "не сводное поручение (оно закрывается само)",
    "not_attached": "не приложение к приказу (оно следует за приказом)",
    "roadmap_complete": "у мероприятий есть сроки и исполнители",
    "group_complete": "у группы есть руководитель",
    "cycle_complete": "есть график, показатели и исполнитель",
    "periods_accepted": "все отчётные периоды приняты",
    "cycle_executing": "сбор отчётности идёт",
    "extension_task_open": "поручение ещё исполняется",
}


def guard_label(code: str) -> str:
    """What a guard checks, in words; a guard added without words is still not shown by its code."""
    return GUARD_LABELS.get(code, "дополнительная проверка")


NBSP = "\u00a0"


def file_size(size: int | None) -> str:
    """«512 байт», «35,9 КБ», «1,2 МБ»: a Russian decimal comma and a non-breaking space before the unit."""
    if size is None:
        return "—"
    if size < 1024:
        return f"{size}{NBSP}байт"
    value, unit = (size / 1024, "КБ") if size < 1024 * 1024 else (size / 1024 / 1024, "МБ")
    text = f"{value:.1f}".replace(".", ",").removesuffix(",0")
    return f"{text}{NBSP}{unit}"


def state_label(kind: str, state: str) -> str:
    """The Russian name of a state of a kind."""
    lifecycle = LIFECYCLES.get(kind)
    return lifecycle.states.get(state, state) if lifecycle else state


# What happened, as the history tells it (the past tense, agreeing with the object): the buttons say
# «Завизировать», the record «Завизирован». Keyed by kind and event; a test checks every event has its entry.
DONE_LABELS: dict[str, dict[str, str]] = {
    "orders": {
        "submit": "Направлен на согласование",
        "visa": "Завизирован",
        "return": "Возвращён на доработку",
        "approve": "Утверждён и зарегистрирован",
        "dispatch": "Направлен на исполнение",
        "dispatched": "Рассылка поручений завершена",
        "report": "Исполнение отмечено",
        "close": "Снят с контроля",
        "cancel": "Проект отменён",
        "revoke": "Отозван",
    },
    "tasks": {
        "start": "Принято в работу",
        "report": "Доложено об исполнении",
        "accept": "Исполнение принято",
        "return": "Возвращено на доработку",
        "cancel": "Поручение отменено",
    },
    "roadmaps": {
        "approve": "Утверждена",
        "start": "Исполнение начато",
        "report": "Исполнение отмечено",
        "close": "Снята с контроля",
    },
    "working-groups": {
        "approve": "Состав утверждён",
        "activate": "Работа начата",
        "report": "Итоговый отчёт представлен",
        "dissolve": "Группа распущена",
    },
    "reporting-cycles": {
        "approve": "Утверждена",
        "start": "Сбор отчётности начат",
        "report": "Сбор отчётности завершён",
    },
    "reporting-periods": {
        "submit": "Отчёт представлен",
        "accept": "Отчёт принят",
        "return": "Отчёт возвращён на доработку",
    },
    "extension-requests": {
        "grant": "Перенос срока согласован",
        "deny": "В переносе срока отказано",
    },
}


def event_label(kind: str, event: str) -> str:
    """What an entry of the history says happened: «Завизирован», «Возвращено на доработку», «Создан проект»."""
    if event in EXTRA_EVENT_LABELS:
        return EXTRA_EVENT_LABELS[event]
    done = DONE_LABELS.get(kind, {}).get(event)
    if done:
        return done
    # An event of another kind in this history (a task's roll-up on its order): its own kind's words.
    for words in DONE_LABELS.values():
        if event in words:
            return words[event]
    return "Изменение"


def addressee_phrase(person: Person) -> str:
    """«Директору МБОУ «СОШ № 1» Куропаткиной А.Н.»: the addressee opening a point, as the document prints it."""
    return upper_first(addressee_doc(person).phrase("dat"))


__all__ = [
    "DEADLINE_KIND_LABELS",
    "DOC_TYPE_LABELS",
    "DONE_LABELS",
    "EXTENSION_STATUS_LABELS",
    "GENDER_LABELS",
    "GUARD_LABELS",
    "MEMBER_ROLE_LABELS",
    "ORDER_KIND_LABELS",
    "ORG_KIND_LABELS",
    "ROLE_LABELS",
    "SOURCE_KIND_LABELS",
    "VISA_CHOICE_LABELS",
    "VISA_DECISION_LABELS",
    "addressee_phrase",
    "event_label",
    "file_size",
    "guard_label",
    "order_name",
    "state_label",
]
