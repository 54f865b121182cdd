"""Lint of an administrator's DOCX template before it is used: it must open, its tags must parse and be safe,
it may only use the data of its document type, it must place the type's requisites, and a trial render of
the example document must come out signed-ready."""

from __future__ import annotations

import io
import re
import signal
import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

from documents.checker import check_docx
from documents.contexts import CONTEXT_KEYS, REQUIRED_KEYS
from documents.examples import VARIED_EXAMPLES, varied_examples
from documents.render import (
    MissingVariableError,
    PreparedTemplate,
    RenderError,
    TemplateSecurityError,
    safe_xml_parser,
)
from documents.untrusted import ChildLimits, ParseFailed, UnsafeFile, check_zip, run_limited

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

DOC_TYPE_LABELS = {
    "order": "приказ, постановление, распоряжение",
    "letter": "письмо",
    "approval_sheet": "лист согласования",
    "execution_report": "отчёт об исполнении",
    "reporting_period": "отчёт по показателям",
    "control_report": "справка о ходе исполнения",
}
KEY_LABELS = {
    "kind_word": "вид документа",
    "reg_number": "регистрационный номер",
    "reg_date": "дата документа",
    "title": "заголовок",
    "points": "пункты распорядительной части",
    "signatory": "подпись",
    "addressee_lines": "адресат",
    "paragraphs": "текст",
    "visas": "визы",
    "subject": "предмет отчёта",
    "items": "пункты на контроле",
    "totals": "итоги",
    "period_label": "отчётный период",
    "indicators": "показатели",
    "conclusions": "выводы",
    "as_of": "дата состояния",
    "tasks": "поручения",
    "summary": "сводка по исполнителям",
}

_TOKEN = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_PAIRS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_SPLIT = re.compile(r"\{\s+[{%#]|[}%#]\s+\}")
_BLOCK = re.compile(r"\{%-?\s*(?P<prefix>tr|tc|p|r)?\s*(?P<word>for|endfor|if|endif)\b")
# One trial render must stay well inside the time an approval allows a render (printing.freeze).
TRIAL_RENDER_S = 3.0
LINT_LIMITS = ChildLimits(memory_mb=512, cpu_s=20, wall_s=20.0)


@dataclass
class LintProblem:
    """A reason to refuse a template: a stable code and a message in Russian (with where, when known)."""

    code: str
    message: str


def _paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))


def _short(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= 80 else text[:77] + "…"


def _check_delimiters(root: etree._Element, part: str, problems: list[LintProblem]) -> None:
    for p in root.iter(f"{{{W}}}p"):
        text = _paragraph_text(p)
        if "{" not in text and "}" not in text:
            continue
        if _SPLIT.search(text):
            problems.append(LintProblem("split_tag", f"Разорванный тег (пробел между скобками) в абзаце "
                                                     f"«{_short(text)}» ({part})"))
        expected: str | None = None
        for m in _TOKEN.finditer(text):
            token = m.group(0)
            if expected is None:
                if token in _PAIRS:
                    expected = _PAIRS[token]
                else:
                    problems.append(LintProblem("unbalanced_tag", f"Лишняя закрывающая скобка «{token}» в абзаце "
                                                                  f"«{_short(text)}» ({part})"))
            elif token == expected:
                expected = None
        if expected is not None:
            problems.append(LintProblem("unbalanced_tag", f"Тег не закрыт (нет «{expected}») в абзаце "
                                                          f"«{_short(text)}» ({part}): тег должен целиком "
                                                          "стоять в одном абзаце"))


def _check_table_loops(root: etree._Element, part: str, problems: list[LintProblem]) -> None:
    for tc in root.iter(f"{{{W}}}tc"):
        text = " ".join(_paragraph_text(p) for p in tc.iter(f"{{{W}}}p"))
        depth = {"for": 0, "if": 0}
        for m in _BLOCK.finditer(text):
            if m.group("prefix") in ("tr", "tc"):
                continue
            word = m.group("word")
            key = word.removeprefix("end")
            depth[key] += -1 if word.startswith("end") else 1
        if depth["for"] or depth["if"]:
            what = "Цикл" if depth["for"] else "Условие"
            problems.append(LintProblem(
                "row_loop", f"{what} начинается в одной ячейке таблицы, а заканчивается в другой («{_short(text)}», "
                            f"{part}): для повторения строк пишите «{{%tr for … %}}» … «{{%tr endfor %}}» в "
                            "отдельных строках таблицы"))
    for p in root.iter(f"{{{W}}}p"):
        text = _paragraph_text(p)
        if re.search(r"\{%-?\s*tr\s", text) and not any(a.tag == f"{{{W}}}tc" for a in p.iterancestors()):
            problems.append(LintProblem("row_loop", f"Тег строки таблицы «{_short(text)}» стоит вне таблицы ({part})"))


def lint_template(docx_bytes: bytes, doc_type: str) -> list[LintProblem]:
    """Problems of an uploaded template for the document type; an empty list means it may be used.

    The zip is checked first (UnsafeFile with too_large when it would expand too far); everything else, the
    compilation included (Jinja folds constant expressions while compiling), runs in a limited child.
    """
    if doc_type not in CONTEXT_KEYS:
        raise ValueError(f"Неизвестный тип документа «{doc_type}»")
    try:
        check_zip(docx_bytes)
    except UnsafeFile as exc:
        if exc.too_large:
            raise
        return [LintProblem("not_docx", "Файл не является документом DOCX")]
    try:
        return run_limited(_lint_in_child, docx_bytes, doc_type, limits=LINT_LIMITS)
    except UnsafeFile as exc:
        reason = exc.message[:1].lower() + exc.message[1:]
        return [LintProblem("too_slow", f"Проверка шаблона прервана — {reason} Упростите шаблон.")]
    except ParseFailed as exc:
        return [LintProblem("render", f"Шаблон не проверяется: {exc}")]


class _TrialTimeout(Exception):
    """A trial render ran past TRIAL_RENDER_S."""


def _on_alarm(signum: int, frame: object) -> None:
    raise _TrialTimeout


def _render_in_time(prepared: PreparedTemplate, context: dict[str, Any]) -> bytes:
    # Runs in the lint's forked child (its main thread), where the alarm is ours alone.
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, TRIAL_RENDER_S)
    try:
        return prepared.render(context)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _lint_in_child(docx_bytes: bytes, doc_type: str) -> list[LintProblem]:
    problems: list[LintProblem] = []
    try:
        zf = zipfile.ZipFile(io.BytesIO(docx_bytes))
        parts = {n: zf.read(n) for n in zf.namelist()
                 if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)}
    except zipfile.BadZipFile:
        return [LintProblem("not_docx", "Файл не является документом DOCX")]
    if "word/document.xml" not in parts:
        return [LintProblem("not_docx", "Файл не является документом Word: нет word/document.xml")]
    for name, raw in parts.items():
        try:
            root = etree.fromstring(raw, safe_xml_parser())
        except etree.XMLSyntaxError:
            problems.append(LintProblem("not_docx", f"Часть {name} повреждена"))
            continue
        _check_delimiters(root, name, problems)
        _check_table_loops(root, name, problems)
    if problems:
        return problems

    try:
        prepared = PreparedTemplate(docx_bytes, name="загруженный шаблон")
    except TemplateSecurityError as exc:
        return [LintProblem("security", str(exc))]
    except RenderError as exc:
        return [LintProblem("syntax", str(exc))]

    label = DOC_TYPE_LABELS[doc_type]
    known = CONTEXT_KEYS[doc_type]
    for name in sorted(prepared.variables - known):
        problems.append(LintProblem("unknown_variable", f"Переменной «{name}» нет в данных документа типа "
                                                        f"«{label}»; доступны: {', '.join(sorted(known))}"))
    for name in sorted(REQUIRED_KEYS[doc_type] - prepared.variables):
        problems.append(LintProblem("missing_requisite", f"В шаблоне нет обязательного реквизита "
                                                         f"«{KEY_LABELS.get(name, name)}» ({{{{ {name} }}}})"))
    if problems:
        return problems

    # Every example is rendered: a template may behave on one document and not on another.
    for number, doc in enumerate(varied_examples(doc_type), start=1):
        trial = f"Пробное заполнение {number} из {len(VARIED_EXAMPLES[doc_type])}"
        try:
            rendered = _render_in_time(prepared, doc.to_context())
        except _TrialTimeout:
            return [LintProblem("too_slow", f"{trial}: шаблон заполняется дольше {TRIAL_RENDER_S:g} с — "
                                            "так он не успеет сформировать документ. Упростите шаблон.")]
        except MissingVariableError as exc:
            return [LintProblem("unknown_variable", f"{trial}: {exc}")]
        except RenderError as exc:
            return [LintProblem("render", f"{trial} не удалось: {exc}")]
        except RecursionError:
            return [LintProblem("render", f"{trial} не удалось: шаблон слишком глубоко вложен")]
        except Exception as exc:  # an administrator's template may fail in any way on some data
            return [LintProblem("render", f"{trial} не удалось: {type(exc).__name__}: {exc}")]
        report = check_docx(rendered, doc_type)
        problems.extend(LintProblem(f"check_{p.code}", f"Пробный документ: {p.message} ({trial.lower()})")
                        for p in report.problems)
        if problems:
            return problems
    return problems
