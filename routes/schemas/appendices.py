"""File appendices of an order, as API.md («Additions: Appendices as files») shows them."""

from __future__ import annotations

from routes.schemas.base import BaseSchema, Bool, Int, List, Nested, Str

APPENDIX_FORM_SCHEMA = {
    "type": "object",
    "required": ["file", "title"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "Файл приложения: DOCX или PDF"},
        "title": {"type": "string", "description": "Название приложения, как его называет текст приказа"},
        "version": {"type": "integer", "description": "Версия приказа, которую видел клиент (или If-Match)"},
    },
}


class AppendixFileSchema(BaseSchema):
    """A file appendix: its number among the order's appendices, the file's name, size in bytes and SHA-256."""

    id = Int(required=True)
    number = Int(required=True)
    title = Str(required=True)
    kind = Str(required=True, metadata={"description": "«file»"})
    filename = Str(required=True)
    size = Int(required=True)
    sha256 = Str(required=True)
    sheets = Int(allow_none=True, metadata={"description": "Листов в файле; null, если DOCX их не указывает"})
    frozen = Bool(metadata={"description": "Закреплено при утверждении вместе с документом приказа"})


class AppendixFileListSchema(BaseSchema):
    """The file appendices of an order."""

    items = List(Nested(AppendixFileSchema))


class AppendixRenameSchema(BaseSchema):
    """A new title of a file appendix, and the version of the order the client read."""

    title = Str(required=True)
    version = Int()
