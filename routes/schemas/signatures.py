"""Electronic signatures over an order's frozen document, as API.md («Additions: Signatures») shows them."""

from __future__ import annotations

from typing import Any

from marshmallow import pre_dump

from routes.schemas.base import BaseSchema, Bool, DateTime, Int, List, Nested, Str


class SignerSchema(BaseSchema):
    """Who signed, as the certificate names them."""

    subject = Str()
    issuer = Str()
    serial = Str()
    owner = Str()
    valid_from = DateTime(allow_none=True)
    valid_to = DateTime(allow_none=True)


class SignatureOutSchema(BaseSchema):
    """One uploaded signature and what its verification found."""

    id = Int()
    valid = Bool()
    reasons = List(Str())
    signer = Nested(SignerSchema, allow_none=True)
    signing_time = DateTime(allow_none=True)
    algorithm = Str()
    chain_trusted = Bool(allow_none=True)
    document_sha256 = Str()
    created_at = DateTime()

    @pre_dump
    def _flatten(self, row: Any, **_: Any) -> dict[str, Any]:
        signer = None
        if row.serial:
            signer = {"subject": row.subject, "issuer": row.issuer, "serial": row.serial, "owner": row.owner,
                      "valid_from": row.valid_from, "valid_to": row.valid_to}
        return {"id": row.id, "valid": row.valid, "reasons": list(row.reasons or []), "signer": signer,
                "signing_time": row.signing_time, "algorithm": row.algorithm, "chain_trusted": row.chain_trusted,
                "document_sha256": row.document_sha256, "created_at": row.created_at}


class SignatureListSchema(BaseSchema):
    """The signatures of an order, oldest first."""

    items = List(Nested(SignatureOutSchema))
