"""Template injection: every known way out of the Jinja sandbox is refused with a Russian error, not run."""

from __future__ import annotations

import re

import pytest

from documents.render import PreparedTemplate, TemplateSecurityError, render_docx, render_untrusted
from tests.documents_fixtures import paragraph_texts, template_with_body

# Refused when the template is prepared: nothing of it has run yet.
STATIC_CORPUS = [
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{{ title.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id') }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ ''|attr('__class__') }}",
    "{{ title|attr('upper')() }}",
    "{{ '{0.__class__}'.format(title) }}",
    "{{ title.format(x=1) }}",
    "{{ '{0}'.format_map(title) }}",
    "{{ self.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ request.application.__globals__ }}",
    "{{ config.items() }}",
    "{{ title['__class__'] }}",
    "{{ title|map(attribute='__class__')|list }}",
    "{% set x = title.__class__ %}{{ x }}",
    "{% include 'other.docx' %}",
    "{% extends 'base.docx' %}",
    "{% import 'macros' as m %}",
    "{% from 'macros' import m %}",
    "{{ title|safe }}",
    "{{ _private }}",
    "{{ range.__self__ }}",
    "{{ title.gi_frame }}",
]


@pytest.mark.parametrize("payload", STATIC_CORPUS)
def test_injection_is_refused_before_anything_runs(payload):
    with pytest.raises(TemplateSecurityError) as exc:
        PreparedTemplate(template_with_body("{{ title }}", payload))
    assert re.search("[А-Яа-я]", str(exc.value)), "the message is for a Russian-speaking administrator"


# Refused while rendering, by the sandbox itself.
RUNTIME_CORPUS = [
    "{{ 'a' * 10000000 }}",
    "{{ [1] * 10000000 }}",
    "{{ 9 ** 99999 }}",
    "{{ items.append(1) }}",
    "{{ items.clear() }}",
    "{{ data.update(x=1) }}",
]


@pytest.mark.parametrize("payload", RUNTIME_CORPUS)
def test_dangerous_operations_are_stopped_by_the_sandbox(payload):
    items, data = [1, 2], {"k": "v"}
    with pytest.raises(TemplateSecurityError, match="запрещённое действие"):
        render_docx(template_with_body(payload), {"items": items, "data": data})
    assert items == [1, 2] and data == {"k": "v"}, "nothing was executed against the context"


def test_the_same_refusal_holds_in_the_untrusted_subprocess():
    with pytest.raises(TemplateSecurityError):
        render_untrusted(template_with_body("{{ cycler.__init__.__globals__ }}"), {})


def test_a_loop_variable_may_be_named_like_a_forbidden_global():
    data = render_docx(template_with_body("{%p for g in groups %}", "{{ g }}", "{%p endfor %}"),
                       {"groups": ["первая", "вторая"]})
    assert ["первая", "вторая"] == [t for t in paragraph_texts(data) if t]


def test_underscores_as_blanks_and_separators_are_ordinary_text():
    data = render_docx(template_with_body('№ {{ number or "______" }} {{ items|join("_") }}'),
                       {"number": "", "items": ["а", "б"]})
    assert "№ ______ а_б" in paragraph_texts(data)


def test_ordinary_filters_and_tests_still_work():
    data = render_docx(template_with_body("{{ title|upper }} {{ items|length }} {{ items|join(', ') }}"
                                          "{% if items is defined %} есть{% endif %}"),
                       {"title": "об итогах", "items": ["а", "б"]})
    assert "ОБ ИТОГАХ 2 а, б есть" in paragraph_texts(data)


def _peak_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) / 1024


def test_a_constant_the_compiler_would_fold_into_gigabytes_is_compiled_in_the_child_not_in_the_worker() -> None:
    from documents.render import RenderError, clear_cache

    clear_cache()
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")  # the peak resident size starts afresh from the current one
    before = _peak_mb()
    with pytest.raises(RenderError):
        render_untrusted(template_with_body("{{ 'a'|center(300000000) }}"), {}, timeout_s=10, memory_mb=256)
    assert _peak_mb() - before < 100


def test_an_uploaded_template_whose_zip_expands_too_far_is_refused_before_a_child_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io
    import zipfile

    from documents import render as render_module
    from documents.render import RenderMemoryError

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b" " * (80 * 1024 * 1024))
    monkeypatch.setattr(render_module, "_mp_context", lambda: pytest.fail("a child was started"))
    with pytest.raises(RenderMemoryError, match="МБ"):
        render_untrusted(buffer.getvalue(), {})
