"""Requisite 31 of ГОСТ Р 7.0.97-2025: the document's QR code, drawn at the bottom right of its first page."""

from __future__ import annotations

import io
import re
import zipfile

import segno
from lxml import etree

from documents.layout import DEFAULT_LAYOUT, Layout

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
EMU_PER_MM = 36000
QR_NAME = "QR-код документа"
MEDIA_PATH = "word/media/qr-code.png"
REL_ID = "rIdQrCode"


def qr_png(payload: str) -> bytes:
    """The QR code of the text as a black-and-white PNG (error correction M, a quiet zone of 2 modules)."""
    out = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(out, kind="png", scale=8, border=2)
    return out.getvalue()


def _drawing(payload: str, layout: Layout) -> etree._Element:
    size = round(layout.qr_size_mm * EMU_PER_MM)
    # Offsets from the page's edges: the same place whether the anchor paragraph is in the body or a blank's table.
    x = round((layout.page_width_mm - layout.margin_right_mm) * EMU_PER_MM) - size
    y = round((layout.page_height_mm - layout.margin_bottom_mm) * EMU_PER_MM) - size
    descr = payload.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    xml = f"""<w:r xmlns:w="{W}" xmlns:wp="{WP}" xmlns:a="{A}" xmlns:pic="{PIC}" xmlns:r="{R}"><w:drawing>
<wp:anchor distT="0" distB="0" distL="114300" distR="0" simplePos="0" relativeHeight="251659264" behindDoc="0"
 locked="1" layoutInCell="0" allowOverlap="1"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>
<wp:extent cx="{size}" cy="{size}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="left"/>
<wp:docPr id="31" name="{QR_NAME}" descr="{descr}"/>
<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>
<a:graphic><a:graphicData uri="{PIC}"><pic:pic><pic:nvPicPr><pic:cNvPr id="31" name="qr-code.png"/><pic:cNvPicPr/>
</pic:nvPicPr><pic:blipFill><a:blip r:embed="{REL_ID}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>
<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{size}" cy="{size}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>
</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"""
    return etree.fromstring(re.sub(r">\s+<", "><", xml.replace("\n", " ")))


def add_qr_code(docx: bytes, payload: str, layout: Layout = DEFAULT_LAYOUT) -> bytes:
    """The document with the QR code of `payload` anchored to its first paragraph, bottom right of the first page."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    document = etree.fromstring(src.read("word/document.xml"))
    body = document.find(f"{{{W}}}body")
    first = body.find(f"{{{W}}}p") if body is not None else None
    if first is None:
        first = next(document.iter(f"{{{W}}}p"))
    ppr = first.find(f"{{{W}}}pPr")
    run = _drawing(payload, layout)
    if ppr is not None:
        ppr.addnext(run)
    else:
        first.insert(0, run)
    rels_name = "word/_rels/document.xml.rels"
    rels = etree.fromstring(src.read(rels_name))
    etree.SubElement(rels, f"{{{PR}}}Relationship", Id=REL_ID, Type=IMAGE_REL, Target="media/qr-code.png")
    types = etree.fromstring(src.read("[Content_Types].xml"))
    if not any(d.get("Extension", "").lower() == "png" for d in types.iter(f"{{{CT}}}Default")):
        types.insert(0, etree.Element(f"{{{CT}}}Default", Extension="png", ContentType="image/png"))
    replaced = {
        "word/document.xml": document,
        rels_name: rels,
        "[Content_Types].xml": types,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename in replaced:
                data = etree.tostring(replaced[item.filename], xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            dst.writestr(item, data)
        media = zipfile.ZipInfo(MEDIA_PATH, date_time=src.infolist()[0].date_time)
        media.compress_type = zipfile.ZIP_DEFLATED
        dst.writestr(media, qr_png(payload))
    return out.getvalue()
