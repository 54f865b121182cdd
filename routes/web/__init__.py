"""The web pages (server-rendered Jinja, Russian)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from models import Order, Organization, Task
from models.tasks import OPEN_TASK_STATES
from workflow import clock
from workflow.lifecycles import LIFECYCLES

bp = Blueprint("web", __name__)


@bp.route("/")
@login_required
def home() -> str:
    """The desk: my open tasks by due date and the orders of my organization."""
    from app import get_db

    actor = current_user.actor()
    with get_db().session() as session:
        scope = actor.org_scope(session)
        heads = [o for (o,) in session.execute(select(Organization.id).where(Organization.head_id == actor.person_id))]
        mine = session.scalars(
            select(Task)
            .where(
                Task.state.in_(OPEN_TASK_STATES),
                or_(Task.responsible_person_id == actor.person_id, Task.responsible_org_id.in_(heads)),
            )
            .order_by(Task.deadline.is_(None), Task.deadline)
            .limit(50)
        ).all()
        orders = session.scalars(
            select(Order).where(Order.organization_id.in_(scope)).order_by(Order.id.desc()).limit(50)
        ).all()
        return render_template(
            "home.html",
            tasks=mine,
            orders=orders,
            today=clock.today(),
            order_states=LIFECYCLES["orders"].states,
            task_states=LIFECYCLES["tasks"].states,
        )
