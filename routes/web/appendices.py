"""File appendices in the pages: uploaded, renamed and deleted in the draft editor, downloaded from the card."""

from __future__ import annotations

import io

from flask import flash, redirect, request, send_file, url_for
from werkzeug.wrappers import Response

from routes.web import bp
from routes.web.common import actor, get_db, int_arg, ru_number
from workflow.errors import DomainError
from workflow.services import appendices

KB = 1024
MB = 1024 * 1024


def file_size(size: int | None) -> str:
    """A file's size as Russian text writes it: «812 Б», «35,9 КБ», «2,4 МБ»."""
    size = size or 0
    if size < KB:
        return f"{size} Б"
    if size < MB:
        return f"{ru_number(round(size / KB, 1))} КБ"
    return f"{ru_number(round(size / MB, 1))} МБ"


bp.add_app_template_filter(file_size, "filesize")


def _back(order_id: int) -> Response:
    return redirect(url_for("web.order_edit", order_id=order_id, _anchor="appendix-files"))


@bp.post("/orders/<id:order_id>/appendices")
def order_appendix_add(order_id: int) -> Response:
    """A DOCX or PDF uploaded to the draft as its next appendix."""
    upload = request.files.get("file")
    title = request.form.get("title", "")
    if upload is None or not upload.filename:
        flash("Приложение не добавлено: выберите файл DOCX или PDF.", "error")
        return _back(order_id)
    command = appendices.AppendixUpload(
        order_id, title, upload.filename, upload.read(), int_arg("version", source=request.form)
    )
    try:
        added = appendices.add_appendix(get_db(), actor(), command)
    except DomainError as exc:
        flash(f"Приложение не добавлено. {exc.message}", "error")
        return _back(order_id)
    flash(f"Приложение {added.number} «{added.title}» добавлено ({file_size(added.size)}).", "success")
    return _back(order_id)


@bp.post("/orders/<id:order_id>/appendices/<id:appendix_id>/rename")
def order_appendix_rename(order_id: int, appendix_id: int) -> Response:
    """A new title of a file appendix of the draft."""
    title = request.form.get("title", "")
    version = int_arg("version", source=request.form)
    try:
        renamed = appendices.rename_appendix(get_db(), actor(), order_id, appendix_id, title, version)
    except DomainError as exc:
        flash(f"Название не изменено. {exc.message}", "error")
        return _back(order_id)
    flash(f"Приложение {renamed.number} теперь называется «{renamed.title}».", "success")
    return _back(order_id)


@bp.post("/orders/<id:order_id>/appendices/<id:appendix_id>/delete")
def order_appendix_delete(order_id: int, appendix_id: int) -> Response:
    """A file appendix removed from the draft."""
    try:
        appendices.delete_appendix(get_db(), actor(), order_id, appendix_id, int_arg("version", source=request.form))
    except DomainError as exc:
        flash(f"Приложение не удалено. {exc.message}", "error")
        return _back(order_id)
    flash("Приложение удалено.", "success")
    return _back(order_id)


@bp.get("/orders/<id:order_id>/appendices/<id:appendix_id>/file")
def order_appendix_file(order_id: int, appendix_id: int) -> Response:
    """The appendix's file, for whoever may read the order."""
    with get_db().session() as session:
        out = appendices.appendix_file(session, actor(), order_id, appendix_id)
        return send_file(
            io.BytesIO(out.data), mimetype=out.content_type, as_attachment=True, download_name=out.filename
        )
