"""Electronic signatures over the frozen DOCX: upload, verification, the list, the visualised copy."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest

from documents.pdf import libreoffice_available
from documents.signature_check import gost_available
from tests.api.conftest import Api
from tests.builders import approve, new_order
from tests.pg import IN_CI, SETUP_HINT
from tests.signing import TestAuthority
from workflow.services.signatures import add_trusted_root


@pytest.fixture(autouse=True)
def _gost_engine() -> None:
    """The GOST engine of openssl: in CI its absence is a failure, elsewhere a loud skip (make setup installs it)."""
    if not gost_available():
        message = SETUP_HINT.format(what="модуль ГОСТ для openssl (libengine-gost-openssl)")
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> TestAuthority:
    return TestAuthority(tmp_path_factory.mktemp("ca"))


def _approved(api: Api) -> tuple[int, bytes]:
    order_id = new_order(api.db, api.office)
    approve(api.db, api.office, order_id)
    return order_id, api.get(f"orders/{order_id}/document.docx", "head").data


def _upload(api: Api, order_id: int, signature: bytes, who: str = "head") -> dict:
    return api.ok("POST", f"orders/{order_id}/signatures", who, 201,
                  data={"file": (io.BytesIO(signature), "document.sig")}, content_type="multipart/form-data")


def test_a_gost_signature_over_the_frozen_file_verifies_and_names_the_signer(
        api: Api, authority: TestAuthority, tmp_path: Path) -> None:
    order_id, frozen = _approved(api)
    signer = authority.issue("head256", "gost256")
    body = _upload(api, order_id, signer.sign(frozen, tmp_path))
    assert body["valid"] is True and body["reasons"] == []
    assert body["signer"]["owner"] == "Дереча Нина Евгеньевна"
    assert "ГОСТ Р 34.10-2012 (256 бит)" in body["algorithm"] and "Стрибог" in body["algorithm"]
    assert body["signing_time"] is not None and body["chain_trusted"] is None
    listed = api.ok("GET", f"orders/{order_id}/signatures", "controller")
    assert [s["id"] for s in listed["items"]] == [body["id"]]


def test_a_gost_512_signature_in_base64_verifies(api: Api, authority: TestAuthority, tmp_path: Path) -> None:
    order_id, frozen = _approved(api)
    signature = authority.issue("head512", "gost512").sign(frozen, tmp_path)
    body = _upload(api, order_id, base64.b64encode(signature))
    assert body["valid"] is True
    assert "512 бит" in body["algorithm"]


def test_a_signature_over_other_bytes_is_recorded_as_invalid(
        api: Api, authority: TestAuthority, tmp_path: Path) -> None:
    order_id, frozen = _approved(api)
    signature = authority.issue("tamper", "gost256").sign(frozen + b"\0", tmp_path)
    body = _upload(api, order_id, signature)
    assert body["valid"] is False
    assert any("не соответствует утверждённому документу" in r for r in body["reasons"])


def test_a_certificate_expired_at_signing_time_is_reported(
        api: Api, authority: TestAuthority, tmp_path: Path) -> None:
    order_id, frozen = _approved(api)
    old = authority.issue("old", "gost256", start="20200101000000Z", end="20210101000000Z")
    body = _upload(api, order_id, old.sign(frozen, tmp_path))
    assert body["valid"] is False
    assert any("не действовал на момент подписания" in r for r in body["reasons"])


def test_with_loaded_roots_a_chain_from_another_authority_is_not_trusted(
        api: Api, authority: TestAuthority, tmp_path: Path) -> None:
    order_id, frozen = _approved(api)
    stranger = TestAuthority(tmp_path / "other")
    add_trusted_root(api.db, api.office.actors["admin"], "Тестовый УЦ", authority.root_pem)
    trusted = _upload(api, order_id, authority.issue("rsa", "rsa").sign(frozen, tmp_path))
    foreign = _upload(api, order_id, stranger.issue("ec", "ecdsa").sign(frozen, tmp_path))
    assert trusted["valid"] is True and trusted["chain_trusted"] is True and trusted["algorithm"].startswith("RSA")
    assert foreign["valid"] is False and foreign["chain_trusted"] is False
    assert foreign["algorithm"].startswith("ECDSA")


def test_a_draft_cannot_be_signed_and_an_executor_may_not_upload(
        api: Api, authority: TestAuthority, tmp_path: Path) -> None:
    draft = new_order(api.db, api.office)
    signature = authority.issue("draft", "gost256").sign(b"x", tmp_path)
    refused = api.post(f"orders/{draft}/signatures", "head", data={"file": (io.BytesIO(signature), "s.sig")},
                       content_type="multipart/form-data")
    assert refused.status_code == 409
    order_id, _ = _approved(api)
    forbidden = api.post(f"orders/{order_id}/signatures", "executor", data={"file": (io.BytesIO(signature), "s")},
                         content_type="multipart/form-data")
    assert forbidden.status_code in (403, 404)


@pytest.mark.skipif(not libreoffice_available(), reason="LibreOffice не установлен")
def test_the_signed_copy_is_a_pdf_with_the_mark_of_the_signature(
        api: Api, authority: TestAuthority, tmp_path: Path) -> None:
    order_id, frozen = _approved(api)
    assert api.get(f"orders/{order_id}/document-signed.pdf", "head").status_code == 404
    _upload(api, order_id, authority.issue("pdf", "gost256").sign(frozen, tmp_path))
    response = api.get(f"orders/{order_id}/document-signed.pdf", "head")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_the_order_card_lists_the_signatures_with_their_verdict(
        api: Api, authority: TestAuthority, tmp_path: Path) -> None:
    order_id, frozen = _approved(api)
    _upload(api, order_id, authority.issue("card", "gost256").sign(frozen, tmp_path))
    _upload(api, order_id, authority.issue("bad", "gost256").sign(b"other", tmp_path))
    from models import User
    from routes.auth import EPOCH_KEY

    head_id = api.office.actors["head"].user_id
    with api.db.session() as s:
        epoch = s.get(User, head_id).auth_epoch  # type: ignore[union-attr]
    with api.client.session_transaction() as session:
        session["_user_id"] = str(head_id)
        session["_fresh"] = True
        session[EPOCH_KEY] = epoch
    page = api.client.get(f"/orders/{order_id}").get_data(as_text=True)
    assert "Электронные подписи" in page and "Дереча Нина Евгеньевна" in page
    assert "Подпись действительна" in page and "Подпись недействительна" in page


def test_the_administrator_trusts_a_root_from_the_servers_command_line_and_the_chain_is_then_checked(
        api: Api, authority: TestAuthority, tmp_path: Path) -> None:
    order_id, frozen = _approved(api)
    not_pem = tmp_path / "note.txt"
    not_pem.write_text("не сертификат")
    runner = api.client.application.test_cli_runner()
    refused = runner.invoke(args=["documents", "trust-root", str(not_pem)])
    assert refused.exit_code != 0 and "PEM" in refused.output
    root = tmp_path / "root.pem"
    root.write_text(authority.root_pem)
    added = runner.invoke(args=["documents", "trust-root", str(root), "--name", "Тестовый УЦ"])
    assert added.exit_code == 0 and "Тестовый УЦ" in added.output, added.output
    trusted = _upload(api, order_id, authority.issue("cli", "rsa").sign(frozen, tmp_path))
    assert trusted["valid"] is True and trusted["chain_trusted"] is True
