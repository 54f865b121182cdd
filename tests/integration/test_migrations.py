"""Migrations create exactly the models' schema, and go down and up again, on each database."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from models import Base
from models.db import Database
from models.search import in_models
from tests.conftest import alembic_config


def _diff(db: Database) -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": in_models})
        return compare_metadata(context, Base.metadata)


def test_the_migrated_schema_matches_the_models_exactly(db: Database) -> None:
    assert _diff(db) == []


def test_downgrade_to_base_and_upgrade_again_restores_the_schema(db: Database) -> None:
    cfg = alembic_config(db.url)
    command.downgrade(cfg, "base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(cfg, "head")
    assert set(Base.metadata.tables) <= set(inspect(db.engine).get_table_names())
    assert _diff(db) == []
