"""The organization tree: subtrees for scopes and fan-out."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from models import Organization


def descendants(session: Session | Connection, org_id: int) -> list[int]:
    """Every organization below org_id, breadth first, without org_id itself."""
    rows = session.execute(select(Organization.id, Organization.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for oid, parent in rows:
        children.setdefault(parent, []).append(oid)
    result: list[int] = []
    frontier = [org_id]
    seen = {org_id}
    while frontier:
        nxt: list[int] = []
        for oid in frontier:
            for child in sorted(children.get(oid, [])):
                if child not in seen:
                    seen.add(child)
                    result.append(child)
                    nxt.append(child)
        frontier = nxt
    return result


def subtree(session: Session | Connection, org_id: int | None) -> frozenset[int]:
    """org_id and every organization below it."""
    if org_id is None:
        return frozenset()
    return frozenset([org_id, *descendants(session, org_id)])
