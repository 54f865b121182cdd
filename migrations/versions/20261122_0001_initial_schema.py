"""Initial schema: the directory, orders, tasks, plans, the audit log and files.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 13:40:03.423573
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.audit import DROP_APPEND_ONLY, append_only_statements

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.create_table('calendar_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('working', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_days'))
    )
    op.create_table('organizations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('short_name', sa.String(length=200), nullable=False),
    sa.Column('name_genitive', sa.String(length=500), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('head_id', sa.Integer(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('authority', 'school', 'other')", name=op.f('ck_organizations_kind')),
    sa.ForeignKeyConstraint(['parent_id'], ['organizations.id'], name=op.f('fk_organizations_parent_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organizations'))
    )
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organizations_parent_id'), ['parent_id'], unique=False)

    op.create_table('journals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('prefix', sa.String(length=40), nullable=False),
    sa.Column('next_number', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('next_number >= 1', name=op.f('ck_journals_next_number_positive')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_journals_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journals')),
    sa.UniqueConstraint('organization_id', 'kind', 'year', name=op.f('uq_journals_organization_id_kind_year'))
    )
    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('middle_name', sa.String(length=100), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=False),
    sa.Column('position', sa.String(length=300), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=100), nullable=False),
    sa.Column('declension_overrides', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("gender IN ('m', 'f')", name=op.f('ck_people_gender')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_people_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_organization_id'), ['organization_id'], unique=False)

    # organizations.head_id and people.organization_id point at each other: the head FK comes after both tables.
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_organizations_head_id_people', 'people', ['head_id'], ['id'])

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('calendar_token_hash', sa.String(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_users_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('login', name=op.f('uq_users_login'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_person_id'), ['person_id'], unique=False)

    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('stored_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=300), nullable=False),
    sa.Column('content_type', sa.String(length=200), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('template', sa.String(length=100), nullable=True),
    sa.Column('template_version', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_stored_files_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_files'))
    )
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_files_sha256'), ['sha256'], unique=False)

    op.create_table('transition_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('object_kind', sa.String(length=32), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('event', sa.String(length=32), nullable=False),
    sa.Column('from_state', sa.String(length=32), nullable=False),
    sa.Column('to_state', sa.String(length=32), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=300), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_transition_log_actor_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transition_log'))
    )
    with op.batch_alter_table('transition_log', schema=None) as batch_op:
        batch_op.create_index('ix_transition_log_object', ['object_kind', 'object_id', 'id'], unique=False)

    op.create_table('user_roles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.CheckConstraint("role IN ('head', 'clerk', 'approver', 'executor', 'controller', 'admin')", name=op.f('ck_user_roles_role')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_roles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'role', name=op.f('pk_user_roles'))
    )
    op.create_table('document_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_type', sa.String(length=40), nullable=False),
    sa.Column('template_version', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['stored_files.id'], name=op.f('fk_document_templates_file_id_stored_files')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_document_templates_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_templates'))
    )
    with op.batch_alter_table('document_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_templates_doc_type'), ['doc_type'], unique=False)

    op.create_table('orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('preamble', sa.Text(), nullable=False),
    sa.Column('signatory_id', sa.Integer(), nullable=True),
    sa.Column('controller_id', sa.Integer(), nullable=True),
    sa.Column('executor_mark_id', sa.Integer(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('journal_id', sa.Integer(), nullable=True),
    sa.Column('reg_seq', sa.Integer(), nullable=True),
    sa.Column('reg_number', sa.String(length=60), nullable=True),
    sa.Column('reg_date', sa.Date(), nullable=True),
    sa.Column('document_file_id', sa.Integer(), nullable=True),
    sa.Column('document_sha256', sa.String(length=64), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('order', 'resolution', 'directive', 'letter')", name=op.f('ck_orders_kind')),
    sa.ForeignKeyConstraint(['controller_id'], ['people.id'], name=op.f('fk_orders_controller_id_people')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_orders_created_by_id_users')),
    sa.ForeignKeyConstraint(['document_file_id'], ['stored_files.id'], name=op.f('fk_orders_document_file_id_stored_files')),
    sa.ForeignKeyConstraint(['executor_mark_id'], ['people.id'], name=op.f('fk_orders_executor_mark_id_people')),
    sa.ForeignKeyConstraint(['journal_id'], ['journals.id'], name=op.f('fk_orders_journal_id_journals')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_orders_organization_id_organizations')),
    sa.ForeignKeyConstraint(['signatory_id'], ['people.id'], name=op.f('fk_orders_signatory_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orders')),
    sa.UniqueConstraint('journal_id', 'reg_seq', name=op.f('uq_orders_journal_id_reg_seq'))
    )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orders_organization_id'), ['organization_id'], unique=False)

    op.create_table('order_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('controlled', sa.Boolean(), nullable=False),
    sa.Column('deadline_text', sa.Text(), nullable=False),
    sa.Column('addressee_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['addressee_id'], ['people.id'], name=op.f('fk_order_points_addressee_id_people')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_points_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['order_points.id'], name=op.f('fk_order_points_parent_id_order_points'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_points')),
    sa.UniqueConstraint('order_id', 'number', name=op.f('uq_order_points_order_id_number'))
    )
    with op.batch_alter_table('order_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_points_order_id'), ['order_id'], unique=False)

    op.create_table('reporting_cycles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('schedule_text', sa.Text(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('controller_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['controller_id'], ['people.id'], name=op.f('fk_reporting_cycles_controller_id_people')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_reporting_cycles_created_by_id_users')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_reporting_cycles_order_id_orders')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_reporting_cycles_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reporting_cycles'))
    )
    with op.batch_alter_table('reporting_cycles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reporting_cycles_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reporting_cycles_organization_id'), ['organization_id'], unique=False)

    op.create_table('roadmaps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('controller_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['controller_id'], ['people.id'], name=op.f('fk_roadmaps_controller_id_people')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_roadmaps_created_by_id_users')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_roadmaps_order_id_orders')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_roadmaps_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roadmaps'))
    )
    with op.batch_alter_table('roadmaps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmaps_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roadmaps_organization_id'), ['organization_id'], unique=False)

    op.create_table('visas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('approver_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=32), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("decision IS NULL OR decision IN ('approve', 'approve_with_remarks', 'reject')", name=op.f('ck_visas_decision')),
    sa.ForeignKeyConstraint(['approver_id'], ['people.id'], name=op.f('fk_visas_approver_id_people')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_visas_order_id_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visas')),
    sa.UniqueConstraint('order_id', 'position', name=op.f('uq_visas_order_id_position'))
    )
    with op.batch_alter_table('visas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visas_approver_id'), ['approver_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visas_order_id'), ['order_id'], unique=False)

    op.create_table('working_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('deadline_text', sa.Text(), nullable=False),
    sa.Column('controller_id', sa.Integer(), nullable=True),
    sa.Column('final_report', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['controller_id'], ['people.id'], name=op.f('fk_working_groups_controller_id_people')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_working_groups_created_by_id_users')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_working_groups_order_id_orders')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_working_groups_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_working_groups'))
    )
    with op.batch_alter_table('working_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_working_groups_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_working_groups_organization_id'), ['organization_id'], unique=False)

    op.create_table('cycle_executors',
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('include_subordinates', sa.Boolean(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("role IN ('responsible', 'co_executor')", name=op.f('ck_cycle_executors_role')),
    sa.CheckConstraint('(person_id IS NULL) <> (organization_id IS NULL)', name=op.f('ck_cycle_executors_one_target')),
    sa.ForeignKeyConstraint(['cycle_id'], ['reporting_cycles.id'], name=op.f('fk_cycle_executors_cycle_id_reporting_cycles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_cycle_executors_organization_id_organizations')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_cycle_executors_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycle_executors'))
    )
    with op.batch_alter_table('cycle_executors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cycle_executors_cycle_id'), ['cycle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cycle_executors_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cycle_executors_person_id'), ['person_id'], unique=False)

    op.create_table('indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('target', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.ForeignKeyConstraint(['cycle_id'], ['reporting_cycles.id'], name=op.f('fk_indicators_cycle_id_reporting_cycles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators'))
    )
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicators_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('order_appendices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('roadmap_id', sa.Integer(), nullable=True),
    sa.Column('working_group_id', sa.Integer(), nullable=True),
    sa.Column('reporting_cycle_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_appendices_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporting_cycle_id'], ['reporting_cycles.id'], name=op.f('fk_order_appendices_reporting_cycle_id_reporting_cycles')),
    sa.ForeignKeyConstraint(['roadmap_id'], ['roadmaps.id'], name=op.f('fk_order_appendices_roadmap_id_roadmaps')),
    sa.ForeignKeyConstraint(['working_group_id'], ['working_groups.id'], name=op.f('fk_order_appendices_working_group_id_working_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_appendices'))
    )
    with op.batch_alter_table('order_appendices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_appendices_order_id'), ['order_id'], unique=False)

    op.create_table('point_executors',
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('include_subordinates', sa.Boolean(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("role IN ('responsible', 'co_executor')", name=op.f('ck_point_executors_role')),
    sa.CheckConstraint('(person_id IS NULL) <> (organization_id IS NULL)', name=op.f('ck_point_executors_one_target')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_point_executors_organization_id_organizations')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_point_executors_person_id_people')),
    sa.ForeignKeyConstraint(['point_id'], ['order_points.id'], name=op.f('fk_point_executors_point_id_order_points'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_point_executors'))
    )
    with op.batch_alter_table('point_executors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_point_executors_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_point_executors_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_point_executors_point_id'), ['point_id'], unique=False)

    op.create_table('reporting_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('narrative', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['reporting_cycles.id'], name=op.f('fk_reporting_periods_cycle_id_reporting_cycles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reporting_periods')),
    sa.UniqueConstraint('cycle_id', 'due_date', name=op.f('uq_reporting_periods_cycle_id_due_date'))
    )
    with op.batch_alter_table('reporting_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reporting_periods_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('roadmap_sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('roadmap_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['roadmap_id'], ['roadmaps.id'], name=op.f('fk_roadmap_sections_roadmap_id_roadmaps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roadmap_sections'))
    )
    with op.batch_alter_table('roadmap_sections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmap_sections_roadmap_id'), ['roadmap_id'], unique=False)

    op.create_table('working_group_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("role IN ('chair', 'deputy', 'secretary', 'member')", name=op.f('ck_working_group_members_role')),
    sa.ForeignKeyConstraint(['group_id'], ['working_groups.id'], name=op.f('fk_working_group_members_group_id_working_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_working_group_members_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_working_group_members')),
    sa.UniqueConstraint('group_id', 'person_id', name=op.f('uq_working_group_members_group_id_person_id'))
    )
    with op.batch_alter_table('working_group_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_working_group_members_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_working_group_members_person_id'), ['person_id'], unique=False)

    op.create_table('indicator_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_values_indicator_id_indicators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['period_id'], ['reporting_periods.id'], name=op.f('fk_indicator_values_period_id_reporting_periods'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_values')),
    sa.UniqueConstraint('period_id', 'indicator_id', name=op.f('uq_indicator_values_period_id_indicator_id'))
    )
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_values_indicator_id'), ['indicator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_values_period_id'), ['period_id'], unique=False)

    op.create_table('roadmap_activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('deadline_text', sa.Text(), nullable=False),
    sa.Column('responsible_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['section_id'], ['roadmap_sections.id'], name=op.f('fk_roadmap_activities_section_id_roadmap_sections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roadmap_activities'))
    )
    with op.batch_alter_table('roadmap_activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmap_activities_section_id'), ['section_id'], unique=False)

    op.create_table('activity_executors',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('include_subordinates', sa.Boolean(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("role IN ('responsible', 'co_executor')", name=op.f('ck_activity_executors_role')),
    sa.CheckConstraint('(person_id IS NULL) <> (organization_id IS NULL)', name=op.f('ck_activity_executors_one_target')),
    sa.ForeignKeyConstraint(['activity_id'], ['roadmap_activities.id'], name=op.f('fk_activity_executors_activity_id_roadmap_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_activity_executors_organization_id_organizations')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_activity_executors_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_executors'))
    )
    with op.batch_alter_table('activity_executors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_executors_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_executors_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_executors_person_id'), ['person_id'], unique=False)

    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('source_kind', sa.String(length=16), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('point_id', sa.Integer(), nullable=True),
    sa.Column('roadmap_id', sa.Integer(), nullable=True),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('working_group_id', sa.Integer(), nullable=True),
    sa.Column('reporting_period_id', sa.Integer(), nullable=True),
    sa.Column('source_label', sa.String(length=100), nullable=False),
    sa.Column('responsible_person_id', sa.Integer(), nullable=True),
    sa.Column('responsible_org_id', sa.Integer(), nullable=True),
    sa.Column('controller_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('is_rollup', sa.Boolean(), nullable=False),
    sa.Column('series_key', sa.String(length=100), nullable=True),
    sa.Column('series_index', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('original_deadline', sa.Date(), nullable=True),
    sa.Column('deadline_text', sa.Text(), nullable=False),
    sa.Column('needs_date', sa.Boolean(), nullable=False),
    sa.Column('report_text', sa.Text(), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_late', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("source_kind IN ('order', 'roadmap', 'working_group', 'reporting')", name=op.f('ck_tasks_source_kind')),
    sa.CheckConstraint('responsible_person_id IS NOT NULL OR responsible_org_id IS NOT NULL', name=op.f('ck_tasks_has_responsible')),
    sa.ForeignKeyConstraint(['activity_id'], ['roadmap_activities.id'], name=op.f('fk_tasks_activity_id_roadmap_activities')),
    sa.ForeignKeyConstraint(['controller_id'], ['people.id'], name=op.f('fk_tasks_controller_id_people')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_tasks_order_id_orders')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_tasks_organization_id_organizations')),
    sa.ForeignKeyConstraint(['parent_id'], ['tasks.id'], name=op.f('fk_tasks_parent_id_tasks')),
    sa.ForeignKeyConstraint(['point_id'], ['order_points.id'], name=op.f('fk_tasks_point_id_order_points')),
    sa.ForeignKeyConstraint(['reporting_period_id'], ['reporting_periods.id'], name=op.f('fk_tasks_reporting_period_id_reporting_periods')),
    sa.ForeignKeyConstraint(['responsible_org_id'], ['organizations.id'], name=op.f('fk_tasks_responsible_org_id_organizations')),
    sa.ForeignKeyConstraint(['responsible_person_id'], ['people.id'], name=op.f('fk_tasks_responsible_person_id_people')),
    sa.ForeignKeyConstraint(['roadmap_id'], ['roadmaps.id'], name=op.f('fk_tasks_roadmap_id_roadmaps')),
    sa.ForeignKeyConstraint(['working_group_id'], ['working_groups.id'], name=op.f('fk_tasks_working_group_id_working_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tasks_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index('ix_tasks_controller', ['controller_id', 'state', 'deadline'], unique=False)
        batch_op.create_index('ix_tasks_open_deadline', ['deadline'], unique=False, sqlite_where=sa.text("state IN ('assigned', 'in_progress', 'on_review')"), postgresql_where=sa.text("state IN ('assigned', 'in_progress', 'on_review')"))
        batch_op.create_index(batch_op.f('ix_tasks_order_id'), ['order_id'], unique=False)
        batch_op.create_index('ix_tasks_organization', ['organization_id', 'state', 'deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_point_id'), ['point_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_reporting_period_id'), ['reporting_period_id'], unique=False)
        batch_op.create_index('ix_tasks_responsible_org', ['responsible_org_id', 'state', 'deadline'], unique=False)
        batch_op.create_index('ix_tasks_responsible_person', ['responsible_person_id', 'state', 'deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_roadmap_id'), ['roadmap_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_series_key'), ['series_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_working_group_id'), ['working_group_id'], unique=False)

    op.create_table('extension_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('old_deadline', sa.Date(), nullable=True),
    sa.Column('new_deadline', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'granted', 'denied')", name=op.f('ck_extension_requests_status')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_extension_requests_decided_by_id_users')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_extension_requests_requested_by_id_users')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_extension_requests_task_id_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extension_requests'))
    )
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.create_index('ix_extension_requests_task_status', ['task_id', 'status'], unique=False)

    op.create_table('task_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['stored_files.id'], name=op.f('fk_task_attachments_file_id_stored_files')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_attachments_task_id_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_attachments'))
    )
    with op.batch_alter_table('task_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_attachments_task_id'), ['task_id'], unique=False)

    op.create_table('task_co_executors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(person_id IS NULL) <> (organization_id IS NULL)', name=op.f('ck_task_co_executors_one_target')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_task_co_executors_organization_id_organizations')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_task_co_executors_person_id_people')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_co_executors_task_id_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_co_executors'))
    )
    with op.batch_alter_table('task_co_executors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_co_executors_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_co_executors_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_co_executors_task_id'), ['task_id'], unique=False)

    # The transition log is append-only in the database itself.
    for statement in append_only_statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    """Revert."""
    for statement in DROP_APPEND_ONLY.get(op.get_bind().dialect.name, []):
        op.execute(statement)
    with op.batch_alter_table('task_co_executors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_co_executors_task_id'))
        batch_op.drop_index(batch_op.f('ix_task_co_executors_person_id'))
        batch_op.drop_index(batch_op.f('ix_task_co_executors_organization_id'))

    op.drop_table('task_co_executors')
    with op.batch_alter_table('task_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_attachments_task_id'))

    op.drop_table('task_attachments')
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_extension_requests_task_status')

    op.drop_table('extension_requests')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_working_group_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_series_key'))
        batch_op.drop_index(batch_op.f('ix_tasks_roadmap_id'))
        batch_op.drop_index('ix_tasks_responsible_person')
        batch_op.drop_index('ix_tasks_responsible_org')
        batch_op.drop_index(batch_op.f('ix_tasks_reporting_period_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_point_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_parent_id'))
        batch_op.drop_index('ix_tasks_organization')
        batch_op.drop_index(batch_op.f('ix_tasks_order_id'))
        batch_op.drop_index('ix_tasks_open_deadline', sqlite_where=sa.text("state IN ('assigned', 'in_progress', 'on_review')"), postgresql_where=sa.text("state IN ('assigned', 'in_progress', 'on_review')"))
        batch_op.drop_index('ix_tasks_controller')
        batch_op.drop_index(batch_op.f('ix_tasks_activity_id'))

    op.drop_table('tasks')
    with op.batch_alter_table('activity_executors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_executors_person_id'))
        batch_op.drop_index(batch_op.f('ix_activity_executors_organization_id'))
        batch_op.drop_index(batch_op.f('ix_activity_executors_activity_id'))

    op.drop_table('activity_executors')
    with op.batch_alter_table('roadmap_activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmap_activities_section_id'))

    op.drop_table('roadmap_activities')
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_values_period_id'))
        batch_op.drop_index(batch_op.f('ix_indicator_values_indicator_id'))

    op.drop_table('indicator_values')
    with op.batch_alter_table('working_group_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_working_group_members_person_id'))
        batch_op.drop_index(batch_op.f('ix_working_group_members_group_id'))

    op.drop_table('working_group_members')
    with op.batch_alter_table('roadmap_sections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmap_sections_roadmap_id'))

    op.drop_table('roadmap_sections')
    with op.batch_alter_table('reporting_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reporting_periods_cycle_id'))

    op.drop_table('reporting_periods')
    with op.batch_alter_table('point_executors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_point_executors_point_id'))
        batch_op.drop_index(batch_op.f('ix_point_executors_person_id'))
        batch_op.drop_index(batch_op.f('ix_point_executors_organization_id'))

    op.drop_table('point_executors')
    with op.batch_alter_table('order_appendices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_appendices_order_id'))

    op.drop_table('order_appendices')
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicators_cycle_id'))

    op.drop_table('indicators')
    with op.batch_alter_table('cycle_executors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cycle_executors_person_id'))
        batch_op.drop_index(batch_op.f('ix_cycle_executors_organization_id'))
        batch_op.drop_index(batch_op.f('ix_cycle_executors_cycle_id'))

    op.drop_table('cycle_executors')
    with op.batch_alter_table('working_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_working_groups_organization_id'))
        batch_op.drop_index(batch_op.f('ix_working_groups_order_id'))

    op.drop_table('working_groups')
    with op.batch_alter_table('visas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visas_order_id'))
        batch_op.drop_index(batch_op.f('ix_visas_approver_id'))

    op.drop_table('visas')
    with op.batch_alter_table('roadmaps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmaps_organization_id'))
        batch_op.drop_index(batch_op.f('ix_roadmaps_order_id'))

    op.drop_table('roadmaps')
    with op.batch_alter_table('reporting_cycles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reporting_cycles_organization_id'))
        batch_op.drop_index(batch_op.f('ix_reporting_cycles_order_id'))

    op.drop_table('reporting_cycles')
    with op.batch_alter_table('order_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_points_order_id'))

    op.drop_table('order_points')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orders_organization_id'))

    op.drop_table('orders')
    with op.batch_alter_table('document_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_templates_doc_type'))

    op.drop_table('document_templates')
    op.drop_table('user_roles')
    with op.batch_alter_table('transition_log', schema=None) as batch_op:
        batch_op.drop_index('ix_transition_log_object')

    op.drop_table('transition_log')
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_files_sha256'))

    op.drop_table('stored_files')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_person_id'))

    op.drop_table('users')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_organization_id'))

    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_constraint('fk_organizations_head_id_people', type_='foreignkey')
    op.drop_table('people')
    op.drop_table('journals')
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organizations_parent_id'))

    op.drop_table('organizations')
    op.drop_table('calendar_days')
