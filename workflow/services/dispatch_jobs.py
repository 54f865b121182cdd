"""The background part of a large dispatch: its tasks written in chunks, each chunk its own short transaction."""

from __future__ import annotations

import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models import Order, Task, TransitionLog, User
from models.db import Database
from workflow.engine.dispatch import TaskGroup, write_groups
from workflow.engine.effects import notify_new_tasks, plan_order
from workflow.engine.engine import fire, load_for_update
from workflow.engine.permissions import Actor

# Tasks per statement batch inside a chunk's transaction: small enough that one batch stays far under the
# concurrent writer's 2 s even on a loaded machine (a loaded run wrote 2,000 in 2.3 s), large enough to amortise.
JOB_CHUNK_TASKS = 500
# A chunk's transaction ends after this long: a concurrent writer waits for one chunk at most, not for the whole
# order, and the job does not pay a commit and a pause for every two thousand rows.
JOB_CHUNK_SECONDS = 0.4
# SQLite's busy handler retries a waiting writer every 100 ms at most and queues nobody: without a pause the job
# would take the write lock again at once after each chunk and starve the office's small writes.
SQLITE_PAUSE_S = 0.1


def _written_keys(session: Session, order_id: int) -> set[tuple[str, int | None, str]]:
    """The groups already written (a group's top task and its children are committed together)."""
    rows = session.execute(
        select(Task.point_id, Task.series_index, Task.responsible_person_id, Task.responsible_org_id).where(
            Task.order_id == order_id, Task.parent_id.is_(None)
        )
    )
    return {
        (f"order:{order_id}:point:{point}", index, f"p{person}" if org is None else f"o{org}")
        for point, index, person, org in rows
    }


def pending_dispatches(db: Database) -> list[int]:
    """Orders whose dispatch job has not finished (never started, or stopped by a crash)."""
    with db.session() as session:
        return list(session.scalars(select(Order.id).where(Order.state == "dispatching").order_by(Order.id)))


def _dispatcher(session: Session, order_id: int) -> Actor:
    """Who sent the order to execution: the new tasks' notices name them, not the worker."""
    user_id = session.scalar(
        select(TransitionLog.actor_user_id)
        .where(TransitionLog.object_kind == "orders", TransitionLog.object_id == order_id)
        .where(TransitionLog.event == "dispatch")
        .order_by(TransitionLog.id.desc())
        .limit(1)
    )
    user = session.get(User, user_id) if user_id is not None else None
    return Actor.of(user) if user is not None else Actor.system_actor()


def _notify_written(session: Session, actor: Actor, task_ids: list[int]) -> None:
    if task_ids:
        stmt = select(Task).where(Task.id.in_(task_ids)).options(selectinload(Task.co_executors)).order_by(Task.id)
        notify_new_tasks(session, actor, list(session.scalars(stmt)))


def run_dispatch_job(db: Database, order_id: int) -> int:
    """Write the order's missing tasks chunk by chunk, resuming after a crash without duplicates; tasks written.

    The chunk that writes the last task also moves the order to «На исполнении», so the order is executing
    exactly when every task exists.
    """
    with db.session() as session:
        order = session.get(Order, order_id)
        if order is None or not order.dispatching:
            return 0
        # The plan is computed once, from the order as it was signed; chunks only write.
        items = plan_order(session, order, order.reg_date or order.created_at.date())
        groups = [group for item in items for group in item.groups()]
        sender = _dispatcher(session, order_id)
        session.expunge_all()
    written = 0
    position = 0
    done: set[tuple[str, int | None, str]] | None = None
    expected = -1
    finished = False
    while not finished:
        with db.transaction() as session:
            order = load_for_update(session, Order, order_id)
            if not order.dispatching:
                return written  # revoked meanwhile, or finished by another worker
            if done is None or order.dispatch_done != expected:
                # First chunk, or another worker moved on meanwhile: read what exists (the order's lock orders us).
                done = _written_keys(session, order_id)
            started = time.perf_counter()
            while True:
                chunk: list[TaskGroup] = []
                size = 0
                while position < len(groups) and size < JOB_CHUNK_TASKS:
                    group = groups[position]
                    position += 1
                    if group.key not in done:
                        chunk.append(group)
                        size += group.size
                ids = write_groups(session, chunk)
                # The chunk's executors are told in the chunk's own transaction: a notice never for a task lost.
                _notify_written(session, sender, ids)
                written += len(ids)
                if position >= len(groups) or time.perf_counter() - started >= JOB_CHUNK_SECONDS:
                    break
            finished = position >= len(groups)
            count = session.scalar(select(func.count()).select_from(Task).where(Task.order_id == order_id)) or 0
            order.dispatch_done = expected = count
            if finished:
                order.dispatch_done = order.dispatch_total or count
                fire(session, order, "dispatched", Actor.system_actor(), comment=f"Создано поручений: {count}")
        if db.engine.dialect.name == "sqlite" and not finished:
            time.sleep(SQLITE_PAUSE_S)
    return written
