"""Every state and transition of every kind, declared once, as data.

The machines, the kinds' registry, the permission checks, the API's allowed events, the UI's buttons, the
README's diagrams and the tests' state × event tables are all generated from this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class EventField:
    """A field an event takes (a comment, a reason, a decision …)."""

    name: str
    label: str
    required: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """Who may fire: holders of `role` (any role when None) standing in `relation` to the object."""

    role: str | None = None
    relation: str | None = None


@dataclass(frozen=True)
class Transition:
    """One transition: event, source states, destination, who, guards, effects and fields."""

    event: str
    sources: tuple[str, ...]
    dest: str
    label: str
    who: tuple[Rule, ...]
    guards: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    fields: tuple[EventField, ...] = ()
    # A predicate on the event's fields that picks this transition among others of the same event.
    when: str | None = None
    confirm: bool = False
    # The system itself fires it (roll-ups, attachments approved with their order …).
    system: bool = False
    # Messages of their own instead of the generated ones: refused for want of rights, or in another state.
    denied: str = ""
    refused_in: str = ""


@dataclass(frozen=True)
class Lifecycle:
    """The lifecycle of one kind of managed object."""

    kind: str
    label: str
    states: dict[str, str]
    initial: str
    transitions: tuple[Transition, ...]
    final: tuple[str, ...] = field(default=())
    # The object noun in the nominative, lower case, and its grammatical gender: "m", "f" or "n".
    noun: str = ""
    gender: str = "m"
    # States in which the object's content may still be edited, and who edits it there.
    editable: tuple[str, ...] = ()
    editable_by: tuple[Rule, ...] = ()
    # The event that starts execution (an attachment's, fired when its order is dispatched).
    start_event: str | None = None
    # The column that holds the state.
    state_attribute: str = "state"
    # Rows whose moves belong to another object's history: the attribute naming it and the logged event names.
    audit_on: str | None = None
    logged_events: dict[str, str] = field(default_factory=dict)

    @property
    def open_states(self) -> tuple[str, ...]:
        """States not final: the object is still being worked on."""
        return tuple(s for s in self.states if s not in self.final)

    @property
    def events(self) -> tuple[str, ...]:
        """Event names in declaration order, each once."""
        return tuple(dict.fromkeys(t.event for t in self.transitions))

    def transitions_for(self, event: str) -> tuple[Transition, ...]:
        """Every transition declared for an event."""
        return tuple(t for t in self.transitions if t.event == event)

    def event_label(self, event: str) -> str:
        """The Russian label of an event."""
        return next(t.label for t in self.transitions if t.event == event)


COMMENT = EventField("comment", "Комментарий", required=False)
# What an approver chooses (the verb): the choices of the visa's decision field and their labels, declared once.
VISA_CHOICES = {
    "approve": "Согласовать",
    "approve_with_remarks": "Согласовать с замечаниями",
    "reject": "Не согласовать и вернуть на доработку",
}
DECISION = EventField("decision", "Решение", choices=tuple(VISA_CHOICES))
COMMENT_REQUIRED = EventField("comment", "Комментарий")

AUTHOR = Rule(relation="author")
CLERK = Rule("clerk", "in_org")
HEAD = Rule("head", "in_org")
SIGNATORY = Rule(relation="signatory")
CONTROLLER = Rule(relation="controller")
RESPONSIBLE = Rule(relation="responsible")
# Accepting or returning a report: the controller, never the one who reported.
REVIEWER = Rule(relation="reviewer")

ORDERS = Lifecycle(
    kind="orders",
    label="Приказ",
    noun="приказ",
    editable=("draft",),
    editable_by=(AUTHOR, CLERK, HEAD),
    start_event="dispatch",
    states={
        "draft": "Проект",
        "on_approval": "На согласовании",
        "approved": "Утверждён",
        # A large order's tasks are being written by the background job; executing once every task exists.
        "dispatching": "Рассылается",
        "executing": "На исполнении",
        "reported": "Исполнен",
        "closed": "Снят с контроля",
        "cancelled": "Отменён",
        "revoked": "Отозван",
    },
    initial="draft",
    final=("closed", "cancelled", "revoked"),
    transitions=(
        Transition(
            "submit",
            ("draft",),
            "on_approval",
            "Направить на согласование",
            who=(AUTHOR, CLERK, HEAD),
            guards=("order_complete", "addresses_in_subtree"),
            effects=("reset_visas", "notify_next_in_turn"),
            fields=(COMMENT,),
        ),
        Transition(
            "visa",
            ("on_approval",),
            "draft",
            "Завизировать",
            who=(Rule(relation="current_approver"),),
            guards=("visa_comment",),
            effects=("record_visa", "notify_returned"),
            fields=(DECISION, COMMENT),
            when="decision_is_reject",
        ),
        Transition(
            "visa",
            ("on_approval",),
            "on_approval",
            "Завизировать",
            who=(Rule(relation="current_approver"),),
            guards=("visa_comment",),
            effects=("record_visa", "notify_next_in_turn"),
            fields=(DECISION, COMMENT),
            when="decision_is_not_reject",
        ),
        Transition(
            "return",
            ("on_approval",),
            "draft",
            "Вернуть на доработку",
            who=(AUTHOR, CLERK, HEAD, SIGNATORY),
            effects=("notify_returned",),
            fields=(COMMENT_REQUIRED,),
        ),
        Transition(
            "approve",
            ("on_approval",),
            "approved",
            "Утвердить и зарегистрировать",
            who=(SIGNATORY,),
            guards=("order_complete", "lawful_signatory", "addresses_in_subtree", "visas_complete"),
            effects=(
                "register_order",
                "start_ordered_substitutions",
                "record_signer",
                "approve_attachments",
                "freeze_document",
                "notify_approved",
            ),
            fields=(COMMENT,),
            confirm=True,
        ),
        Transition(
            "dispatch",
            ("approved",),
            "executing",
            "Направить на исполнение",
            who=(AUTHOR, CLERK, HEAD, SIGNATORY),
            effects=("dispatch_order", "apply_amendment", "notify_task_assigned"),
            fields=(COMMENT,),
            when="dispatch_inline",
            confirm=True,
        ),
        Transition(
            "dispatch",
            ("approved",),
            "dispatching",
            "Направить на исполнение",
            who=(AUTHOR, CLERK, HEAD, SIGNATORY),
            effects=("dispatch_order",),
            fields=(COMMENT,),
            when="dispatch_in_background",
            confirm=True,
        ),
        Transition(
            "dispatched",
            ("dispatching",),
            "executing",
            "Завершить рассылку поручений",
            who=(),
            fields=(COMMENT,),
            system=True,
            denied="Рассылку поручений завершает система, когда созданы все поручения.",
        ),
        Transition(
            "report",
            ("executing",),
            "reported",
            "Отметить исполнение",
            who=(CONTROLLER,),
            guards=("order_tasks_done",),
            fields=(COMMENT,),
            system=True,
        ),
        Transition(
            "close",
            ("reported",),
            "closed",
            "Снять с контроля",
            who=(CONTROLLER, HEAD),
            fields=(COMMENT,),
            confirm=True,
        ),
        Transition(
            "cancel",
            ("draft",),
            "cancelled",
            "Отменить проект",
            who=(AUTHOR, CLERK, HEAD),
            fields=(COMMENT,),
            confirm=True,
        ),
        Transition(
            "revoke",
            ("approved", "dispatching", "executing"),
            "revoked",
            "Отозвать",
            who=(HEAD, SIGNATORY),
            effects=("cancel_order_tasks",),
            fields=(EventField("reason", "Причина отзыва"),),
            confirm=True,
        ),
    ),
)

TASKS = Lifecycle(
    kind="tasks",
    label="Поручение",
    noun="поручение",
    gender="n",
    start_event="start",
    states={
        "assigned": "Назначено",
        "in_progress": "В работе",
        "on_review": "На проверке",
        "done": "Исполнено",
        "cancelled": "Отменено",
    },
    initial="assigned",
    final=("done", "cancelled"),
    transitions=(
        Transition(
            "start",
            ("assigned",),
            "in_progress",
            "Принять в работу",
            who=(RESPONSIBLE,),
            guards=("not_rollup",),
            effects=("touch_parent",),
            fields=(COMMENT,),
            system=True,
        ),
        Transition(
            "report",
            ("assigned", "in_progress"),
            "on_review",
            "Доложить об исполнении",
            who=(RESPONSIBLE,),
            guards=("not_rollup",),
            effects=("record_report", "notify_report_to_review"),
            fields=(EventField("report_text", "Отчёт об исполнении"),),
            system=True,
        ),
        Transition(
            "accept",
            ("on_review",),
            "done",
            "Принять исполнение",
            who=(REVIEWER,),
            guards=("not_rollup",),
            effects=("mark_done", "notify_report_accepted", "roll_up"),
            fields=(COMMENT,),
            system=True,
        ),
        Transition(
            "return",
            ("on_review",),
            "in_progress",
            "Вернуть на доработку",
            who=(REVIEWER,),
            guards=("not_rollup",),
            effects=("record_return", "notify_report_returned"),
            fields=(COMMENT_REQUIRED,),
            system=True,
        ),
        Transition(
            "cancel",
            ("assigned", "in_progress", "on_review"),
            "cancelled",
            "Отменить поручение",
            who=(CONTROLLER, HEAD),
            effects=("cancel_children", "roll_up"),
            fields=(COMMENT,),
            confirm=True,
            system=True,
        ),
    ),
)


def _plan_approve(label: str, complete_guard: str) -> Transition:
    """A plan's approval: by the head, or by the system together with the order it is attached to."""
    return Transition(
        "approve",
        ("draft",),
        "approved",
        label,
        who=(HEAD,),
        guards=(complete_guard, "not_attached"),
        fields=(COMMENT,),
        system=True,
    )


def _plan_start(event: str, dest: str, label: str, dispatch_effect: str) -> Transition:
    """A plan's start: its tasks (or periods) are created; an attached plan starts with its order's dispatch."""
    return Transition(
        event,
        ("approved",),
        dest,
        label,
        who=(CLERK, HEAD, AUTHOR),
        guards=("not_attached",),
        effects=(dispatch_effect, "notify_task_assigned"),
        fields=(COMMENT,),
        system=True,
    )


ROADMAPS = Lifecycle(
    kind="roadmaps",
    label="Дорожная карта",
    noun="дорожная карта",
    gender="f",
    editable=("draft",),
    editable_by=(AUTHOR, CLERK, HEAD),
    start_event="start",
    states={
        "draft": "Проект",
        "approved": "Утверждена",
        "executing": "На исполнении",
        "reported": "Исполнена",
        "closed": "Снята с контроля",
    },
    initial="draft",
    final=("closed",),
    transitions=(
        _plan_approve("Утвердить", "roadmap_complete"),
        _plan_start("start", "executing", "Начать исполнение", "dispatch_roadmap"),
        Transition(
            "report",
            ("executing",),
            "reported",
            "Отметить исполнение",
            who=(CONTROLLER, HEAD),
            guards=("source_tasks_done",),
            fields=(COMMENT,),
            system=True,
        ),
        Transition("close", ("reported",), "closed", "Снять с контроля", who=(CONTROLLER, HEAD), fields=(COMMENT,)),
    ),
)

WORKING_GROUPS = Lifecycle(
    kind="working-groups",
    label="Рабочая группа",
    noun="рабочая группа",
    gender="f",
    editable=("draft",),
    editable_by=(AUTHOR, CLERK, HEAD),
    start_event="activate",
    states={
        "draft": "Проект",
        "approved": "Утверждена",
        "active": "Работает",
        "reported": "Представила итоги",
        "dissolved": "Распущена",
    },
    initial="draft",
    final=("dissolved",),
    transitions=(
        _plan_approve("Утвердить состав", "group_complete"),
        _plan_start("activate", "active", "Начать работу", "dispatch_group"),
        Transition(
            "report",
            ("active",),
            "reported",
            "Представить итоговый отчёт",
            who=(Rule(relation="chair"),),
            effects=("record_group_report",),
            fields=(EventField("report_text", "Итоговый отчёт"),),
        ),
        Transition(
            "dissolve",
            ("reported",),
            "dissolved",
            "Распустить группу",
            who=(HEAD, CONTROLLER),
            guards=("source_tasks_done",),
            fields=(COMMENT,),
            confirm=True,
        ),
    ),
)

REPORTING_CYCLES = Lifecycle(
    kind="reporting-cycles",
    label="Отчётность",
    noun="отчётность",
    gender="f",
    editable=("draft",),
    editable_by=(AUTHOR, CLERK, HEAD),
    start_event="start",
    states={"draft": "Проект", "approved": "Утверждена", "executing": "Ведётся", "reported": "Завершена"},
    initial="draft",
    final=("reported",),
    transitions=(
        _plan_approve("Утвердить", "cycle_complete"),
        _plan_start("start", "executing", "Начать сбор отчётности", "dispatch_cycle"),
        Transition(
            "report",
            ("executing",),
            "reported",
            "Завершить",
            who=(CONTROLLER, HEAD),
            guards=("periods_accepted",),
            fields=(COMMENT,),
            system=True,
        ),
    ),
)

REPORTING_PERIODS = Lifecycle(
    kind="reporting-periods",
    label="Отчётный период",
    noun="отчётный период",
    states={"open": "Открыт", "submitted": "Представлен", "accepted": "Принят"},
    initial="open",
    final=("accepted",),
    transitions=(
        Transition(
            "submit",
            ("open",),
            "submitted",
            "Представить отчёт",
            who=(RESPONSIBLE,),
            guards=("cycle_executing",),
            effects=("record_period",),
            fields=(
                EventField("values", "Значения показателей", required=False),
                EventField("narrative", "Выводы", required=False),
            ),
        ),
        Transition(
            "accept",
            ("submitted",),
            "accepted",
            "Принять отчёт",
            who=(REVIEWER,),
            effects=("accept_period",),
            fields=(COMMENT,),
        ),
        Transition(
            "return",
            ("submitted",),
            "open",
            "Вернуть на доработку",
            who=(REVIEWER,),
            effects=("return_period",),
            fields=(COMMENT_REQUIRED,),
        ),
    ),
)

EXTENSION_DENIED = (
    "Недостаточно прав: решение о переносе срока принимает контролёр или руководитель организации; "
    "если просил сам контролёр или руководитель — руководитель вышестоящей организации. "
    "Никто не решает по своему запросу."
)

# A deadline extension request (перенос срока): created pending by the responsible executor, then decided.
# Its moves are part of the task's history (the task keeps its state), under the names the history shows.
EXTENSION_REQUESTS = Lifecycle(
    kind="extension-requests",
    label="Запрос на перенос срока",
    noun="запрос на перенос срока",
    states={"pending": "Ждёт решения", "granted": "Перенос согласован", "denied": "В переносе отказано"},
    initial="pending",
    final=("granted", "denied"),
    state_attribute="status",
    audit_on="task",
    logged_events={"request": "extension_requested", "grant": "extension_granted", "deny": "extension_denied"},
    transitions=(
        Transition(
            "grant",
            ("pending",),
            "granted",
            "Согласовать перенос срока",
            who=(Rule(relation="extension_decider"),),
            guards=("extension_task_open",),
            effects=("record_decision", "move_deadline", "notify_extension_decided"),
            fields=(COMMENT, EventField("new_deadline", "Новый срок", required=False)),
            denied=EXTENSION_DENIED,
            refused_in="Решение по этому запросу уже принято.",
        ),
        Transition(
            "deny",
            ("pending",),
            "denied",
            "Отказать в переносе срока",
            who=(Rule(relation="extension_decider"),),
            guards=("extension_task_open",),
            effects=("record_decision", "notify_extension_decided"),
            fields=(COMMENT,),
            denied=EXTENSION_DENIED,
            refused_in="Решение по этому запросу уже принято.",
        ),
    ),
)

# The kinds a person moves through the generic event endpoints and buttons.
LIFECYCLES: dict[str, Lifecycle] = {
    lc.kind: lc for lc in (ORDERS, TASKS, ROADMAPS, WORKING_GROUPS, REPORTING_CYCLES, REPORTING_PERIODS)
}
# Every lifecycle the engine runs, extension requests included (they have use cases of their own).
ALL_LIFECYCLES: dict[str, Lifecycle] = {**LIFECYCLES, EXTENSION_REQUESTS.kind: EXTENSION_REQUESTS}
