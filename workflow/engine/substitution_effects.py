"""Substitution effects of the order lifecycle: who signed «И.о.», substitutions ordered by an approved order."""

from __future__ import annotations

from sqlalchemy import select

from models import Order, Substitution
from workflow.engine.machines import Ctx, effect
from workflow.engine.substitutes import conflict
from workflow.errors import TransitionNotAllowed


@effect("record_signer")
def record_signer(ctx: Ctx) -> None:
    """A deputy who approves signs as «И.о.»: the order keeps the deputy and the one they stand in for."""
    order: Order = ctx.obj
    acting = ctx.actor.deputy_person_id is not None
    order.signed_by_id = ctx.actor.deputy_person_id if acting else None
    order.signed_for_id = ctx.actor.person_id if acting else None


@effect("start_ordered_substitutions")
def start_ordered_substitutions(ctx: Ctx) -> None:
    """The substitution the order names («О временном исполнении обязанностей …») comes into force with it."""
    named = ctx.session.scalars(
        select(Substitution).where(
            Substitution.order_id == ctx.obj.id, Substitution.pending.is_(True), Substitution.cancelled_at.is_(None)
        )
    )
    for substitution in named:
        # Another substitution may have been entered since the draft named this one: the order cannot contradict it.
        problem = conflict(
            ctx.session,
            substitution.person_id,
            substitution.deputy_id,
            substitution.start,
            substitution.end,
            exclude_id=substitution.id,
        )
        if problem is not None:
            raise TransitionNotAllowed(f"Нельзя утвердить приказ: {problem[1]}")
        substitution.pending = False
        ctx.payload["substitution_id"] = substitution.id
