"""Page layout of official documents (ГОСТ Р 7.0.97-2025) and the rules a signed-ready document must keep."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

TWIPS_PER_MM = 1440 / 25.4
# The edition the templates follow and the checker checks: it adds requisite 31 (the document's QR code, first
# page, bottom right), the mark of an electronic signature on a visualised copy, and no longer prescribes a font.
GOST_EDITION = "ГОСТ Р 7.0.97-2025"


def mm_to_twips(mm: float) -> int:
    """Millimetres to twentieths of a point, the unit of page setup in WordprocessingML."""
    return round(mm * TWIPS_PER_MM)


def twips_to_mm(twips: float) -> float:
    """Twentieths of a point to millimetres."""
    return twips / TWIPS_PER_MM


@dataclass(frozen=True)
class Layout:
    """How the templates are built: page, margins, fonts, indents; every value a setting with a ГОСТ default."""

    page_width_mm: float = 210
    page_height_mm: float = 297
    margin_left_mm: float = 30
    margin_right_mm: float = 10
    margin_top_mm: float = 20
    margin_bottom_mm: float = 20
    # The page number sits in the top margin: the header starts this far from the paper's edge.
    header_distance_mm: float = 10
    footer_distance_mm: float = 10
    font_name: str = "Times New Roman"
    # Metric-compatible free font named in the font table for machines without Times New Roman.
    fallback_font_name: str = "Liberation Serif"
    font_size_pt: float = 14
    table_font_size_pt: float = 12
    small_font_size_pt: float = 10
    kind_font_size_pt: float = 16
    # Letter spacing of the document kind («ПРИКАЗ»), in points.
    kind_letter_spacing_pt: float = 3
    first_line_indent_cm: float = 1.25
    # 1.0 is single spacing, as the samples use; ГОСТ allows up to 1.5.
    line_spacing: float = 1.0
    # Left edge of the appendix mark block at the top right of an appendix's first page.
    appendix_mark_indent_mm: float = 95
    # Width of the sender block of a letter (the left corner of the blank).
    letter_sender_width_mm: float = 85
    # Requisite 31: the QR code of an approved document, at the bottom right of its first page.
    qr_size_mm: float = 20
    language: str = "ru-RU"

    @property
    def text_width_mm(self) -> float:
        """Width of the text field between the margins."""
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Layout:
        """A layout from settings (e.g. the application's config); unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"Неизвестные параметры оформления: {', '.join(unknown)}")
        return cls(**dict(values))


@dataclass(frozen=True)
class LayoutRules:
    """What the signed-ready checker accepts: ГОСТ's minimum margins, A4, 12–14 pt; the fonts are the office's
    setting (the 2025 edition prescribes none; an empty list accepts any)."""

    edition: str = GOST_EDITION
    page_width_mm: float = 210
    page_height_mm: float = 297
    page_tolerance_mm: float = 1.0
    min_margin_left_mm: float = 20
    min_margin_right_mm: float = 10
    min_margin_top_mm: float = 20
    min_margin_bottom_mm: float = 20
    min_font_size_pt: float = 12
    max_font_size_pt: float = 14
    allowed_fonts: tuple[str, ...] = (
        "Times New Roman", "Liberation Serif", "PT Astra Serif", "PT Serif", "Tinos", "Noto Serif",
    )
    # Share of the body text (by characters) that must be in the allowed font and size.
    body_text_share: float = 0.9

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> LayoutRules:
        """Rules from settings; unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"Неизвестные параметры проверки оформления: {', '.join(unknown)}")
        data = dict(values)
        if "allowed_fonts" in data:
            data["allowed_fonts"] = tuple(data["allowed_fonts"])
        return cls(**data)


DEFAULT_LAYOUT = Layout()
DEFAULT_RULES = LayoutRules()
