"""Electronic signatures uploaded over an order's frozen document, and the roots the administrator trusts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from models.base import Base, utcnow

if TYPE_CHECKING:
    from models.orders import Order


class OrderSignature(Base):
    """A detached CMS signature over the frozen DOCX, with what its verification found."""

    __tablename__ = "order_signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    # The hash of the bytes that were verified: the frozen file at the time of the upload.
    document_sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    valid: Mapped[bool] = mapped_column(default=False)
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    subject: Mapped[str] = mapped_column(String(1000), default="")
    issuer: Mapped[str] = mapped_column(String(1000), default="")
    serial: Mapped[str] = mapped_column(String(100), default="")
    owner: Mapped[str] = mapped_column(String(300), default="")
    valid_from: Mapped[datetime | None] = mapped_column()
    valid_to: Mapped[datetime | None] = mapped_column()
    signing_time: Mapped[datetime | None] = mapped_column()
    algorithm: Mapped[str] = mapped_column(String(200), default="")
    # None when no trusted roots were loaded at verification time.
    chain_trusted: Mapped[bool | None] = mapped_column()
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # The card lists an order's signatures; declared here so that the orders module need not know of them.
    order: Mapped[Order] = relationship(backref=backref("signatures", order_by="OrderSignature.id"))


class TrustedRoot(Base):
    """A root certificate (PEM) of a certification authority whose chains the administrator trusts."""

    __tablename__ = "trusted_roots"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    pem: Mapped[str] = mapped_column(Text)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
