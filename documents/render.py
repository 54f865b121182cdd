"""The safe, fast DOCX renderer: docxtpl's XML patching with a sandboxed Jinja, prepared once and rendered
many times, with byte-identical output for identical input."""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import re
import resource
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar
from xml.sax.saxutils import escape as xml_escape

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree
from markupsafe import Markup, escape

from documents.russian import typeset
from documents.untrusted import UnsafeFile, check_zip

__all__ = [
    "MissingVariableError",
    "PreparedTemplate",
    "RenderError",
    "RenderMemoryError",
    "RenderTimeoutError",
    "TemplateSecurityError",
    "clear_cache",
    "prepare",
    "render_docx",
    "render_untrusted",
]


class RenderError(Exception):
    """A document could not be rendered; the message is for the user, in Russian."""


class TemplateSecurityError(RenderError):
    """The template tries something the sandbox forbids; it is refused before it runs."""


class MissingVariableError(RenderError):
    """The template uses a value that the document's data does not have."""

    def __init__(self, names: list[str]):
        self.names = names
        listed = ", ".join(f"«{n}»" for n in names)
        word = "переменная" if len(names) == 1 else "переменные"
        super().__init__(f"В шаблоне используется {word} {listed}, которой нет в данных документа"
                         if len(names) == 1 else
                         f"В шаблоне используются {word} {listed}, которых нет в данных документа")


class RenderTimeoutError(RenderError):
    """The untrusted template ran past its time limit."""


class RenderMemoryError(RenderError):
    """The untrusted template ran past its memory limit."""


# ------------------------------------------------------------------------------------------------ sandbox

# Names a template may not read even when the context has them: Jinja's helper globals that reach
# Python internals, and the objects other Jinja setups (Flask) expose.
FORBIDDEN_NAMES = frozenset({
    "self", "lipsum", "cycler", "joiner", "request", "config", "session", "g", "url_for",
    "get_flashed_messages", "environment", "os", "sys", "builtins", "__builtins__", "globals", "locals",
    "getattr", "eval", "exec", "open", "import", "__import__",
})
# Attributes that lead out of the data: string formatting reaches any attribute of its arguments.
FORBIDDEN_ATTRIBUTES = frozenset({
    "format", "format_map", "mro", "func_globals", "f_globals", "f_locals", "f_back", "f_builtins",
    "gi_frame", "gi_code", "cr_frame", "ag_frame", "tb_frame", "co_code",
})
FORBIDDEN_FILTERS = frozenset({"attr", "safe", "xmlattr"})
# Bounds of the arithmetic a template may do: enough for numbering, not enough to fill the memory.
MAX_SEQUENCE = 1_000_000
MAX_EXPONENT = 64

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_LINE_BREAK = Markup('</w:t><w:br/><w:t xml:space="preserve">')
_TAB = Markup('</w:t><w:tab/><w:t xml:space="preserve">')


def _finalize(value: Any) -> Any:
    """Turns every printed value into escaped text; line breaks and tabs become Word's own."""
    if isinstance(value, Markup) or hasattr(value, "__html__"):
        return value
    if value is None:
        return Markup("")
    text = value if isinstance(value, str) else str(value)
    text = _CONTROL_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    escaped = escape(text)
    if "\n" in text:
        escaped = escaped.replace("\n", _LINE_BREAK)
    if "\t" in text:
        escaped = escaped.replace("\t", _TAB)
    return escaped


class _DocumentEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox every template renders in: immutable data, strict undefined, bounded arithmetic."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        """Refuses a repetition or a power that would exhaust the memory or the processor."""
        if operator_name == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"слишком большая степень ({right})")
        if operator_name == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int):
                    if len(seq) * times > MAX_SEQUENCE:
                        raise SecurityError("слишком длинный результат повторения")
        return super().call_binop(context, operator_name, left, right)


def _make_environment() -> _DocumentEnvironment:
    env = _DocumentEnvironment(autoescape=True, undefined=StrictUndefined, finalize=_finalize,
                               keep_trailing_newline=True)
    for name in ("lipsum", "cycler", "joiner"):
        env.globals.pop(name, None)
    return env


_ENV = _make_environment()


# A string naming a Python internal: «__class__» anywhere (also inside «{0.__class__}»), or a private name
# («_TemplateReference__context»). Underscores as blanks («______») are ordinary text.
_INTERNAL_NAME = re.compile(r"__[A-Za-z]\w*|^_[A-Za-z]\w*$")


def _check_ast(ast: nodes.Template) -> None:
    """Refuses, before anything runs, every construct that can reach Python internals."""
    stored = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
    for included in ast.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        raise TemplateSecurityError(
            f"Шаблон подключает другой шаблон (строка {included.lineno}): это запрещено")
    for name in ast.find_all(nodes.Name):
        if name.ctx == "load" and name.name in FORBIDDEN_NAMES and name.name not in stored:
            raise TemplateSecurityError(f"Шаблон обращается к запрещённому имени «{name.name}»")
        if name.name.startswith("_"):
            raise TemplateSecurityError(f"Шаблон обращается к служебному имени «{name.name}»")
    for attribute in ast.find_all(nodes.Getattr):
        if attribute.attr.startswith("_") or attribute.attr in FORBIDDEN_ATTRIBUTES:
            raise TemplateSecurityError(f"Шаблон обращается к служебному атрибуту «{attribute.attr}»")
    for const in ast.find_all(nodes.Const):
        if isinstance(const.value, str) and _INTERNAL_NAME.search(const.value):
            raise TemplateSecurityError(
                f"Шаблон содержит строку со служебным именем «{const.value[:40]}»")
    for applied in ast.find_all(nodes.Filter):
        if applied.name in FORBIDDEN_FILTERS:
            raise TemplateSecurityError(f"Фильтр «{applied.name}» в шаблонах документов запрещён")


# ------------------------------------------------------------------------------------------------ parts

_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RENDERED_CONTENT_TYPES = frozenset({
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
})
_CORE_PART = "docProps/core.xml"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_TAG_START = re.compile(r"\{[{%#]")
_TABLE_TAGS = re.compile(r"\{%\s*(?:tc|colspan|cellbg|hm|vm)\b")
_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")\d+(")')
_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")

# docxtpl's own XML clean-up (merging tags split across runs, {%p %}/{%tr %}/{%tc %}/{%r %} tags, cell
# colspan and background, vertical and horizontal merges). These two methods use nothing of the instance,
# so they are called unbound: one parsed document is all the state this module keeps.
_patch_xml = DocxTemplate.patch_xml
_fix_tables = DocxTemplate.fix_tables



def safe_xml_parser() -> etree.XMLParser:
    """A parser for untrusted Office XML: no entity expanded, nothing fetched, libxml2's default size limits.

    A new one each time: an lxml parser must not be shared between threads.
    """
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
FIXED_EPOCH = datetime(2000, 1, 1)


def _renderable_parts(content_types_xml: bytes) -> set[str]:
    root = etree.fromstring(content_types_xml, safe_xml_parser())
    return {
        el.get("PartName", "").lstrip("/")
        for el in root.iter(f"{_CT_NS}Override")
        if el.get("ContentType") in _RENDERED_CONTENT_TYPES
    }


def _text_near(src: str, lineno: int | None) -> str:
    if not lineno:
        return ""
    lines = src.splitlines()[max(lineno - 2, 0): lineno + 1]
    text = " ".join(re.sub(r"<[^>]+>", "", line) for line in lines)
    return re.sub(r"\s+", " ", text).strip()[:200]


class _Part:
    """One XML part of the package: either kept as it is, or compiled into a Jinja template."""

    __slots__ = ("fix_tables", "has_images", "name", "raw", "template", "variables")

    def __init__(self, name: str, raw: bytes, source_name: str, renderable: bool):
        self.name = name
        self.raw = raw
        self.template = None
        self.variables: set[str] = set()
        self.fix_tables = False
        self.has_images = False
        if not renderable or not _TAG_START.search(raw.decode("utf-8", errors="replace")):
            return
        try:
            root = etree.fromstring(raw, safe_xml_parser())
        except etree.XMLSyntaxError as exc:
            raise RenderError(f"Шаблон «{source_name}» повреждён: часть {name} не читается ({exc})") from exc
        xml = etree.tostring(root, encoding="unicode")
        xml = _patch_xml(None, xml)
        # One paragraph a line, as docxtpl does, so that an error can point at the text around it.
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
        try:
            ast = _ENV.parse(xml)
        except TemplateSyntaxError as exc:
            near = _text_near(xml, exc.lineno)
            where = f" (рядом с текстом «{near}»)" if near else ""
            raise RenderError(f"Ошибка в шаблоне «{source_name}»: {exc.message}{where}") from exc
        _check_ast(ast)
        self.variables = meta.find_undeclared_variables(ast)
        self.template = _ENV.from_string(ast)
        self.fix_tables = bool(_TABLE_TAGS.search(xml))
        self.has_images = "<wp:docPr" in xml

    def render(self, context: Mapping[str, Any]) -> bytes:
        if self.template is None:
            return self.raw
        try:
            xml = self.template.render(context)
        except SecurityError as exc:
            raise TemplateSecurityError(f"Шаблон пытается выполнить запрещённое действие: {exc}") from exc
        except UndefinedError as exc:
            m = _UNDEFINED_NAME.search(str(exc))
            name = (m.group(1) or m.group(2)) if m else str(exc)
            raise MissingVariableError([name]) from exc
        except TemplateError as exc:
            raise RenderError(f"Ошибка при заполнении шаблона: {exc}") from exc
        except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
            raise RenderError(f"Ошибка при заполнении шаблона: {exc}") from exc
        xml = xml.replace("\n<w:p>", "<w:p>").replace("\n<w:p ", "<w:p ")
        if self.fix_tables:
            xml = etree.tostring(_fix_tables(None, xml), encoding="unicode")
        if self.has_images:
            counter = iter(range(1001, 1_000_000))
            xml = _DOCPR_ID.sub(lambda m: f"{m.group(1)}{next(counter)}{m.group(2)}", xml)
        data = (_XML_DECLARATION + xml).encode("utf-8")
        try:
            etree.fromstring(data, safe_xml_parser())
        except etree.XMLSyntaxError as exc:
            raise RenderError(f"Шаблон дал повреждённый документ (часть {self.name}): {exc}") from exc
        return data


def _document_timestamp(context: Mapping[str, Any]) -> str:
    value = context.get("document_date")
    if isinstance(value, str) and value:
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            value = None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        value = FIXED_EPOCH.date()
    return f"{value.isoformat()}T00:00:00Z"


class _CoreProperties:
    """docProps/core.xml written afresh on every render: no clock, no machine, no user name in it."""

    _NS: ClassVar[dict[str, str]] = {
        "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "dc": "http://purl.org/dc/elements/1.1/",
        "dcterms": "http://purl.org/dc/terms/",
    }

    def __init__(self, raw: bytes | None):
        self.title = ""
        self.creator = "prikaz"
        if not raw:
            return
        try:
            root = etree.fromstring(raw, safe_xml_parser())
        except etree.XMLSyntaxError:
            # The properties are rewritten anyway; a damaged copy in an uploaded template loses nothing.
            return
        self.title = root.findtext("dc:title", default="", namespaces=self._NS) or ""
        self.creator = root.findtext("dc:creator", default="", namespaces=self._NS) or "prikaz"

    def render(self, context: Mapping[str, Any]) -> bytes:
        title = context.get("title")
        title = title if isinstance(title, str) else self.title
        stamp = _document_timestamp(context)
        return (
            _XML_DECLARATION
            + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{xml_escape(_CONTROL_CHARS.sub('', title))}</dc:title>"
            f"<dc:creator>{xml_escape(self.creator)}</dc:creator>"
            "<cp:lastModifiedBy>prikaz</cp:lastModifiedBy><cp:revision>1</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>"
        ).encode("utf-8")


def write_package(entries: list[tuple[str, bytes]]) -> bytes:
    """Zips the parts in the given order with fixed timestamps and attributes: same parts, same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zf.writestr(info, data, compresslevel=6)
    return buf.getvalue()


class PreparedTemplate:
    """A DOCX template loaded, patched and compiled once; `render` fills it with a context, giving bytes."""

    def __init__(self, source: bytes | str | Path, name: str | None = None):
        if isinstance(source, bytes | bytearray):
            data = bytes(source)
            self.name = name or "шаблон"
        else:
            data = Path(source).read_bytes()
            self.name = name or Path(source).name
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
            names = zf.namelist()
            content_types = zf.read("[Content_Types].xml")
            raw = {n: zf.read(n) for n in names}
        except (zipfile.BadZipFile, KeyError, OSError) as exc:
            raise RenderError(f"Файл «{self.name}» не является документом DOCX") from exc
        try:
            rendered = _renderable_parts(content_types)
        except etree.XMLSyntaxError as exc:
            raise RenderError(f"Файл «{self.name}» повреждён: [Content_Types].xml не читается") from exc
        if not rendered:
            raise RenderError(f"Файл «{self.name}» не является документом Word: нет основной части")
        self._parts: list[_Part] = []
        self._core = _CoreProperties(raw.get(_CORE_PART))
        variables: set[str] = set()
        for part_name in names:
            part = _Part(part_name, raw[part_name], self.name, part_name in rendered)
            variables |= part.variables
            self._parts.append(part)
        # Names the template reads from the context (loop variables excluded), for the up-front check.
        self.variables: frozenset[str] = frozenset(variables - set(_ENV.globals))

    def render(self, context: Mapping[str, Any]) -> bytes:
        """Renders the context into a DOCX; the same context always gives the same bytes."""
        missing = sorted(self.variables - context.keys())
        if missing:
            raise MissingVariableError(missing)
        # Typography is the printing's business: contexts keep plain text, the document gets «№\u00a0533».
        context = typeset(context)
        entries = []
        for part in self._parts:
            if part.name == _CORE_PART:
                entries.append((part.name, self._core.render(context)))
            else:
                entries.append((part.name, part.render(context)))
        return write_package(entries)


# ------------------------------------------------------------------------------------------------ cache

_CACHE_SIZE = 32
_cache: OrderedDict[tuple, PreparedTemplate] = OrderedDict()
_cache_lock = threading.Lock()


def prepare(source: bytes | str | Path) -> PreparedTemplate:
    """A PreparedTemplate from the cache, keyed by path and modification time or by the bytes' SHA-256."""
    if isinstance(source, bytes | bytearray):
        key: tuple = ("sha256", hashlib.sha256(source).hexdigest())
    else:
        path = Path(source).resolve()
        st = path.stat()
        key = ("path", str(path), st.st_mtime_ns, st.st_size)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    prepared = PreparedTemplate(source)
    with _cache_lock:
        _cache[key] = prepared
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return prepared


def clear_cache() -> None:
    """Forgets every prepared template (after templates are replaced on disk in the same second)."""
    with _cache_lock:
        _cache.clear()


def render_docx(template: bytes | str | Path, context: Mapping[str, Any]) -> bytes:
    """Renders a trusted template (a path or the bytes of a .docx) with the context."""
    return prepare(template).render(context)


# ------------------------------------------------------------------------------------------------ untrusted

_ERROR_TYPES: dict[str, type[RenderError]] = {
    cls.__name__: cls for cls in (RenderError, TemplateSecurityError, RenderTimeoutError, RenderMemoryError)
}


def _address_space_bytes() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _untrusted_child(conn: Any, template_bytes: bytes, context: dict, memory_mb: int, cpu_s: int) -> None:
    # The forked child starts with the parent's address space (a web worker may already map hundreds of
    # megabytes of libraries and thread stacks): the template gets memory_mb on top of that.
    limit = _address_space_bytes() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    try:
        result: tuple = ("ok", PreparedTemplate(template_bytes).render(context))
    except MemoryError:
        result = ("memory", None)
    except MissingVariableError as exc:
        result = ("missing", exc.names)
    except RenderError as exc:
        result = ("error", (type(exc).__name__, str(exc)))
    except RecursionError:
        result = ("error", ("RenderError", "Шаблон слишком глубоко вложен"))
    except Exception as exc:  # an admin's template may fail in any way; the parent reports it
        result = ("error", ("RenderError", f"Ошибка при заполнении шаблона: {type(exc).__name__}: {exc}"))
    try:
        conn.send(result)
    except MemoryError:
        conn.send(("memory", None))
    conn.close()


def _mp_context() -> multiprocessing.context.ForkContext:
    # fork starts the child in a few milliseconds with everything imported; the child only renders and
    # sends bytes back, so none of the parent's threads or locks matter to it.
    return multiprocessing.get_context("fork")


def render_untrusted(
    template_bytes: bytes, context: Mapping[str, Any], timeout_s: float = 10, memory_mb: int = 512
) -> bytes:
    """Renders an administrator's template in a forked child allowed memory_mb more memory than it starts
    with, killed at the timeout; the template is parsed and compiled there too (Jinja folds constants while
    compiling), after its zip is checked here."""
    try:
        check_zip(template_bytes)
    except UnsafeFile as exc:
        raise (RenderMemoryError if exc.too_large else RenderError)(exc.message) from exc
    ctx = _mp_context()
    parent_conn, child_conn = ctx.Pipe(duplex=False)
    proc = ctx.Process(
        target=_untrusted_child,
        args=(child_conn, bytes(template_bytes), dict(context), int(memory_mb), max(int(timeout_s) + 1, 1)),
        daemon=True,
    )
    proc.start()
    child_conn.close()
    try:
        if not parent_conn.poll(timeout_s):
            raise RenderTimeoutError(
                f"Шаблон заполняется дольше {timeout_s:g} с: отрисовка прервана. Упростите шаблон.")
        try:
            status, payload = parent_conn.recv()
        except EOFError:
            proc.join(1)
            raise RenderMemoryError(
                f"Отрисовка шаблона аварийно прервана (код {proc.exitcode}): вероятно, превышен "
                f"предел памяти {memory_mb} МБ") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent_conn.close()
    if status == "ok":
        return payload
    if status == "memory":
        raise RenderMemoryError(f"Шаблону не хватило памяти: предел {memory_mb} МБ. Упростите шаблон.")
    if status == "missing":
        raise MissingVariableError(payload)
    kind, message = payload
    raise _ERROR_TYPES.get(kind, RenderError)(message)

