"""Every model, imported so that Base.metadata knows all tables."""

from models.amendments import AmendmentChange
from models.audit import TransitionLog
from models.base import Base, Managed
from models.calendar import CalendarDay, SchoolQuarter
from models.directory import (
    ApiToken,
    Journal,
    LoginAttempt,
    Organization,
    OrganizationSignatory,
    Person,
    User,
    UserRole,
)
from models.exports import ControlExport
from models.files import DocumentTemplate, StoredFile
from models.notifications import Notification, OutboxEmail
from models.orders import Order, OrderAppendix, OrderPoint, PointExecutor, Visa
from models.reporting import CycleExecutor, Indicator, IndicatorValue, ReportingCycle, ReportingPeriod
from models.roadmaps import ActivityExecutor, Roadmap, RoadmapActivity, RoadmapSection
from models.search import SearchDocument
from models.signatures import OrderSignature, TrustedRoot
from models.substitutions import Substitution
from models.tasks import ExtensionRequest, Task, TaskAttachment, TaskCoExecutor
from models.working_groups import WorkingGroup, WorkingGroupMember

__all__ = [
    "ActivityExecutor",
    "AmendmentChange",
    "ApiToken",
    "Base",
    "CalendarDay",
    "ControlExport",
    "CycleExecutor",
    "DocumentTemplate",
    "ExtensionRequest",
    "Indicator",
    "IndicatorValue",
    "Journal",
    "LoginAttempt",
    "Managed",
    "Notification",
    "Order",
    "OrderAppendix",
    "OrderPoint",
    "OrderSignature",
    "Organization",
    "OrganizationSignatory",
    "OutboxEmail",
    "Person",
    "PointExecutor",
    "ReportingCycle",
    "ReportingPeriod",
    "Roadmap",
    "RoadmapActivity",
    "RoadmapSection",
    "SchoolQuarter",
    "SearchDocument",
    "StoredFile",
    "Substitution",
    "Task",
    "TaskAttachment",
    "TaskCoExecutor",
    "TransitionLog",
    "TrustedRoot",
    "User",
    "UserRole",
    "Visa",
    "WorkingGroup",
    "WorkingGroupMember",
]
