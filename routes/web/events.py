"""Lifecycle actions on every card: buttons and forms generated from the lifecycle data, one POST route for all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask import session as cookie  # the signed cookie session, not the database one
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from routes.web import bp
from routes.web.common import actor, get_db, int_arg
from routes.web.labels import VISA_CHOICE_LABELS
from workflow.engine.engine import MODELS, available_events, transition
from workflow.engine.guards import REMARKS_REQUIRED_FOR
from workflow.engine.kinds import KINDS
from workflow.engine.lifecycles import LIFECYCLES
from workflow.engine.permissions import Actor
from workflow.errors import DomainError, ValidationFailed
from workflow.queries.objects import cycle_of_period
from workflow.services.visibility import visible_to

# The card of each kind that has one of its own, from the kinds' registry.
CARD_ENDPOINTS = {name: (k.card.endpoint, k.card.arg) for name, k in KINDS.items() if k.card.via is None}
CHOICE_LABELS = {"decision": VISA_CHOICE_LABELS}
# Fields that get a multi-line box rather than one line.
LONG_FIELDS = {"comment", "reason", "report_text", "narrative"}
_FLASH_KEY = "event_form"


@dataclass(frozen=True)
class FieldView:
    """A field of an action's form."""

    name: str
    label: str
    required: bool
    choices: tuple[tuple[str, str], ...]
    long: bool
    # The choices of the form's «decision» that make this field required (the visa's remarks).
    required_when: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ActionView:
    """An action as the card shows it: a form to fire it, or a disabled button with the reason."""

    kind: str
    obj_id: int
    event: str
    label: str
    allowed: bool
    reason: str | None
    confirm: bool
    fields: tuple[FieldView, ...]

    @property
    def url(self) -> str:
        """Where the action's form posts."""
        return url_for("web.fire_event", kind=self.kind, obj_id=self.obj_id, event=self.event)


def actions(session: Session, obj: Any, who: Actor, skip: tuple[str, ...] = ()) -> list[ActionView]:
    """The actions of an object that make sense in its state: allowed ones, and the others with their reason."""
    lifecycle = LIFECYCLES[obj.lifecycle_kind]
    result = []
    for option in available_events(session, obj, who):
        if option.event in skip:
            continue
        # An event the state does not admit at all is noise on the card; one refused for a reason is shown.
        if not any(obj.state in t.sources for t in lifecycle.transitions_for(option.event)):
            continue
        fields = tuple(
            FieldView(
                f.name,
                f.label,
                f.required,
                tuple((c, CHOICE_LABELS.get(f.name, {}).get(c, c)) for c in f.choices),
                f.name in LONG_FIELDS,
                _required_when(f.name, option.fields),
            )
            for f in option.fields
        )
        result.append(
            ActionView(
                kind=obj.lifecycle_kind,
                obj_id=obj.id,
                event=option.event,
                label=option.label,
                allowed=option.allowed,
                reason=option.reason,
                confirm=option.confirm,
                fields=fields,
            )
        )
    return result


def _required_when(name: str, fields: Any) -> tuple[tuple[str, str], ...]:
    """The decisions that make the comment required, with their labels, when the form has a decision."""
    if name != "comment" or not any(f.name == "decision" for f in fields):
        return ()
    return tuple((code, VISA_CHOICE_LABELS[code]) for code in REMARKS_REQUIRED_FOR)


def pending_form(kind: str, obj_id: int) -> dict[str, Any]:
    """The errors and typed values of an action that failed on this card (shown once, at its fields)."""
    saved = cookie.get(_FLASH_KEY)
    if saved and saved.get("key") == f"{kind}:{obj_id}":
        cookie.pop(_FLASH_KEY, None)
        return dict(saved)
    return {}


def card_url(kind: str, obj_id: int) -> str:
    """The card of an object (a reporting period lives on its cycle's card)."""
    if kind == "reporting-periods":
        with get_db().session() as db_session:
            cycle_id = cycle_of_period(db_session, actor(), obj_id)
        if cycle_id is None:
            abort(404)
        return url_for("web.cycle_card", cycle_id=cycle_id, _anchor=f"period-{obj_id}")
    endpoint, arg = CARD_ENDPOINTS[kind]
    values: dict[str, Any] = {arg: obj_id}
    return url_for(endpoint, **values)


def _fields(kind: str, event: str) -> dict[str, Any]:
    spec = LIFECYCLES[kind].transitions_for(event)
    names = {f.name for t in spec for f in t.fields}
    fields: dict[str, Any] = {}
    for name in names:
        if name == "values":
            values = []
            for key in request.form:
                if key.startswith("value-") and key[6:].isdigit():
                    raw = request.form[key].strip().replace(",", ".").replace(" ", "")
                    values.append({"indicator_id": int(key[6:]), "value": raw or None})
            fields["values"] = values
        elif request.form.get(name, "").strip():
            fields[name] = request.form[name].strip()
    return fields


def _field_key(name: str) -> str:
    return name.split(".")[0] if name.startswith("values.") else name


@bp.post("/do/<kind>/<id:obj_id>/<event>")
def fire_event(kind: str, obj_id: int, event: str) -> Response:
    """Fire a lifecycle event from a card's form; back to the card with the outcome in Russian."""
    if kind not in MODELS or event not in LIFECYCLES[kind].events:
        abort(404)
    back = card_url(kind, obj_id)
    fields = _fields(kind, event)
    label = LIFECYCLES[kind].event_label(event)
    needs_confirm = any(t.confirm for t in LIFECYCLES[kind].transitions_for(event))
    errors: dict[str, list[str]] = {}
    if needs_confirm and request.form.get("confirm") != "yes":
        errors["confirm"] = ["Отметьте «Подтверждаю», чтобы выполнить действие."]
    else:
        who = actor()
        try:
            log = transition(
                get_db(),
                kind,
                obj_id,
                event,
                who,
                expected_version=int_arg("version", source=request.form),
                visible=visible_to(who),
                **fields,
            )
        except ValidationFailed as exc:
            for name, messages in (exc.details or {}).items():
                errors.setdefault(_field_key(name), []).extend(str(m) for m in messages)
            if not errors:
                errors["_form"] = [exc.message]
        except DomainError as exc:
            flash(f"«{label}» не выполнено. {exc.message}", "error")
            return redirect(back)
        else:
            done = f"«{label}» — выполнено."
            if log.payload.get("reg_number"):
                done += f" Регистрационный номер: {log.payload['reg_number']}."
            flash(done, "success")
            return redirect(back)
    cookie[_FLASH_KEY] = {
        "key": f"{kind}:{obj_id}",
        "event": event,
        "errors": errors,
        "values": {k: v for k, v in request.form.items() if k != "csrf_token"},
    }
    flash(f"«{label}» не выполнено: исправьте отмеченные поля и повторите.", "error")
    return redirect(back if "#" in back else f"{back}#action-{kind}-{obj_id}-{event}")
