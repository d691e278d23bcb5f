"""OCR of scanned pages: the per-page decision, accuracy on scans with known text, rotation, errors.

Scans are generated (tests/scanned.py) so the reference text is exact; each tesseract run costs
seconds, so every scan is OCR'd once per module.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pymupdf
import pytest

from docbuild.errors import MissingDependency, ResourceLimit
from docbuild.model import BBox, NodeType
from docbuild.options import PdfOptions
from parsers.pdf import ocr
from tests.scanned import CAPTION, FIGURE_BOX, born_digital, cer, known_text, scan, with_figure

pytest.importorskip("pytesseract")
AUTO = PdfOptions()
# Rotation tests check geometry, not fine print: 200 dpi halves their tesseract time.
FAST = PdfOptions(ocr_dpi=200)
SOURCE = born_digital()
REFERENCE = known_text(SOURCE)


def _page(pdf: bytes, number: int = 0) -> pymupdf.Page:
    return pymupdf.open(stream=pdf, filetype="pdf")[number]


def _text(blocks: list) -> str:
    return " ".join(b.text for b in blocks)


@pytest.fixture(scope="module")
def clean_page() -> pymupdf.Page:
    return _page(scan(SOURCE, dpi=200))


@pytest.fixture(scope="module")
def clean_blocks(clean_page: pymupdf.Page) -> list:
    return ocr.ocr_blocks(clean_page, 0, AUTO)


@pytest.fixture(scope="module")
def rough_blocks() -> list:
    return ocr.ocr_blocks(_page(scan(SOURCE, dpi=200, noise=25, skew=-1.5, seed=3)), 0, AUTO)


# ---------------------------------------------------------------- decision (no tesseract run)


def _unmappable_page() -> pymupdf.Page:
    """A page whose font maps codes to made-up glyph names and has no ToUnicode."""
    doc = pymupdf.open()
    page = doc.new_page()
    font = doc.get_new_xref()
    names = " ".join(f"/g{n}" for n in range(101, 109))
    doc.update_object(
        font,
        f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Differences [65 {names}] >> >>",
    )
    doc.xref_set_key(page.xref, "Resources", f"<< /Font << /FX {font} 0 R >> >>")
    contents = doc.get_new_xref()
    doc.update_object(contents, "<< >>")
    doc.update_stream(contents, b"BT /FX 11 Tf 72 700 Td (" + b"ABCDEFGH ABCD EFG " * 20 + b") Tj ET")
    doc.xref_set_key(page.xref, "Contents", f"{contents} 0 R")
    return page


def _with_invisible_layer(pdf: bytes) -> bytes:
    """The scan with an invisible (render mode 3) text layer laid over it, like a prior OCR run."""
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    doc[0].insert_textbox(pymupdf.Rect(72, 120, 540, 700), REFERENCE, fontsize=11, render_mode=3)
    return doc.tobytes()


def test_born_digital_page_is_not_ocrd() -> None:
    page = _page(SOURCE)
    assert not ocr.page_needs_ocr(page, AUTO)
    assert ocr.page_needs_ocr(page, PdfOptions(ocr="always"))


def test_scanned_page_is_ocrd_unless_never() -> None:
    page = _page(scan(SOURCE, dpi=72))
    assert ocr.text_layer_stats(page).reason == "no text layer"
    assert ocr.page_needs_ocr(page, AUTO)
    assert not ocr.page_needs_ocr(page, PdfOptions(ocr="never"))


def test_mixed_document_is_decided_page_by_page() -> None:
    doc = pymupdf.open(stream=SOURCE, filetype="pdf")
    doc.insert_pdf(pymupdf.open(stream=scan(SOURCE, dpi=72), filetype="pdf"))
    doc.insert_pdf(pymupdf.open(stream=SOURCE, filetype="pdf"))
    assert [ocr.page_needs_ocr(p, AUTO) for p in doc] == [False, True, False]


def test_blank_page_is_skipped_but_vector_only_page_is_ocrd() -> None:
    doc = pymupdf.open()
    doc.new_page()
    drawn = doc.new_page()
    drawn.draw_rect(pymupdf.Rect(72, 72, 300, 120), fill=(0, 0, 0))
    assert not ocr.page_needs_ocr(doc[0], AUTO)
    assert ocr.page_needs_ocr(drawn, AUTO)


def test_unmappable_glyphs_need_ocr() -> None:
    stats = ocr.text_layer_stats(_unmappable_page())
    assert stats.chars >= 50
    assert stats.reason == "unmappable glyphs"


def test_invisible_ocr_layer_is_redone() -> None:
    stats = ocr.text_layer_stats(_page(_with_invisible_layer(scan(SOURCE, dpi=72))))
    assert stats.chars > 500 and stats.invisible_ratio == 1.0
    assert stats.reason == "invisible OCR layer over a page image"


def test_small_figure_with_text_is_not_ocrd() -> None:
    doc = pymupdf.open(stream=SOURCE, filetype="pdf")
    picture = pymupdf.open(stream=scan(SOURCE, dpi=36), filetype="pdf")[0].get_pixmap(dpi=36)
    doc[0].insert_image(pymupdf.Rect(150, 500, 450, 700), pixmap=picture)
    assert not ocr.page_needs_ocr(doc[0], AUTO)


@pytest.mark.corpus
def test_corpus_pages_decided_alike_with_and_without_blocks(corpus) -> None:
    """Born-digital corpus pages are never OCR'd; the two scans always are; passing blocks agrees."""
    from parsers.pdf.text import extract_blocks

    scans = {"ocr_test.pdf", "backus1977_p21_scanned.pdf"}
    for path in sorted((corpus / "pdf").glob("*.pdf")):
        with pymupdf.open(path) as doc:
            for page in doc:
                alone = ocr.page_needs_ocr(page, AUTO)
                assert alone == ocr.page_needs_ocr(page, AUTO, extract_blocks(page, page.number))
                assert alone == (path.name in scans), f"{path.name} page {page.number + 1}"


# ---------------------------------------------------------------- recognition


def test_clean_scan_accuracy_and_block_shape(clean_blocks: list) -> None:
    assert 1 - cer(REFERENCE, _text(clean_blocks)) >= 0.97
    heading = clean_blocks[0]
    assert heading.type is NodeType.PARAGRAPH and heading.id == "p0-b1"
    assert heading.text == "Recovering Text From Scanned Pages"
    # The heading was drawn with its baseline at y=90 from x=72 in an 18 pt font.
    assert heading.bbox.x0 == pytest.approx(72, abs=3)
    assert heading.bbox.bottom == pytest.approx(94, abs=4)
    line = heading.meta["lines"][0]
    assert set(line) >= {"bbox", "text", "size", "font", "bold", "conf", "word_conf"}
    assert len(line["word_conf"]) == 5
    # Sizes come from upright word heights: 18 pt heading, 11 pt body.
    assert line["size"] == pytest.approx(18, abs=1.5)
    assert all(ln["size"] == pytest.approx(11, abs=1) for b in clean_blocks[1:] for ln in b.meta["lines"])
    assert all(b.meta["ocr"] is True and 0 < b.meta["conf"] <= 100 for b in clean_blocks)


def test_noisy_skewed_scan_accuracy(rough_blocks: list) -> None:
    assert 1 - cer(REFERENCE, _text(rough_blocks)) >= 0.93
    assert rough_blocks[0].meta["ocr_skew"] == pytest.approx(1.5, abs=0.3)
    body = [ln["size"] for b in rough_blocks[1:] for ln in b.meta["lines"]]
    assert all(s == pytest.approx(11, abs=1) for s in body), "skew must not inflate the size estimate"


def test_page_rotate_flag_is_honoured() -> None:
    """Content scanned sideways, page /Rotate 270 makes it upright: boxes are on the displayed page."""
    doc = pymupdf.open(stream=scan(SOURCE, dpi=150, rotate=90), filetype="pdf")
    doc[0].set_rotation(270)
    page = _page(doc.tobytes())
    assert (page.rect.width, page.rect.height) == (612, 792)
    blocks = ocr.ocr_blocks(page, 0, FAST)
    assert 1 - cer(REFERENCE, _text(blocks)) >= 0.97
    assert blocks[0].bbox.x0 == pytest.approx(72, abs=4)
    assert blocks[0].bbox.bottom == pytest.approx(94, abs=5)


def test_upside_down_scan_is_turned() -> None:
    blocks = ocr.ocr_blocks(_page(scan(SOURCE, dpi=150, rotate=180)), 0, FAST)
    assert 1 - cer(REFERENCE, _text(blocks)) >= 0.97
    assert blocks[0].meta["ocr_rotation"] == 180
    # The heading sits at the bottom right of the displayed (upside-down) page.
    assert blocks[0].bbox.top > 690 and blocks[0].bbox.x1 > 530


def test_sideways_scan_is_turned() -> None:
    """Scanned at 90° with no /Rotate: tesseract reads vertical lines; OSD turns them upright."""
    blocks = ocr.ocr_blocks(_page(scan(SOURCE, dpi=150, rotate=90)), 0, FAST)
    assert 1 - cer(REFERENCE, _text(blocks)) >= 0.97
    assert blocks[0].meta["ocr_rotation"] in (90, 270)
    heading = blocks[0].meta["lines"][0]["bbox"]
    assert heading[3] - heading[1] > heading[2] - heading[0], "boxes stay on the displayed (sideways) page"


def test_german_with_eng_deu() -> None:
    german = (
        "Die Größe der Übungsräume hängt davon ab, wie viele Schülerinnen gleichzeitig üben. "
        "Außerdem müssen die Straßenbahnen pünktlich fahren, damit niemand zu spät kommt."
    )
    source = born_digital(text=german, heading="Prüfung der Maßnahmen")
    blocks = ocr.ocr_blocks(_page(scan(source, dpi=200)), 0, PdfOptions(ocr_lang="eng+deu"))
    text = _text(blocks)
    assert 1 - cer(known_text(source), text) >= 0.97
    assert "Größe" in text and "Straßenbahnen" in text


def test_unrotate_box_inverts_quarter_turns() -> None:
    from PIL import Image

    image = Image.new("L", (40, 30), 255)
    image.putpixel((5, 7), 0)
    for ccw in (90, 180, 270):
        turned = image.rotate(ccw, expand=True)
        x, y = next(
            (x, y) for x in range(turned.width) for y in range(turned.height) if turned.getpixel((x, y)) == 0
        )
        assert ocr._unrotate_box((x, y, x + 1, y + 1), ccw, image.size) == (5, 7, 6, 8)


def test_scan_of_low_resolution_with_grain() -> None:
    """Grain scanned at 150 dpi survives upscaling; it is removed at the scan's own resolution."""
    page = _page(scan(SOURCE, dpi=150, noise=12, skew=1.0, seed=5))
    assert ocr.scan_resolution(page) == pytest.approx(150, abs=1)
    assert 1 - cer(REFERENCE, _text(ocr.ocr_blocks(page, 0, AUTO))) >= 0.93


# ---------------------------------------------------------------- pictures on scans


def test_text_only_scan_has_no_pictures(clean_page: pymupdf.Page, clean_blocks: list) -> None:
    assert ocr.scan_figure_regions(clean_page, 0, clean_blocks, AUTO) == []


def test_scanned_figure_is_found_and_captioned() -> None:
    page = _page(scan(with_figure(), dpi=200, noise=10, skew=1.0))
    blocks = ocr.ocr_blocks(page, 0, AUTO)
    short_last_line = next(b for b in blocks if "Interleaved" in b.text)
    assert short_last_line.text.endswith("was recorde"), "a paragraph's short last line stays in it"
    figures = ocr.scan_figure_regions(page, 0, blocks, AUTO)
    assert len(figures) == 1
    figure = figures[0]
    assert figure.type is NodeType.FIGURE and figure.image.mime == "image/png"
    assert figure.bbox.iou(BBox(*FIGURE_BOX)) >= 0.8
    figures, kept = ocr.tie_scan_captions(figures, blocks)
    assert figures[0].label == "Figure 1"
    assert 1 - cer(CAPTION, figures[0].caption) >= 0.9
    caption = next(b for b in kept if b.id == figures[0].caption_id)
    assert caption.type is NodeType.CAPTION and caption.meta["caption_of"] == figures[0].id
    assert not any(figure.bbox.contains(b.bbox) for b in kept)


# ---------------------------------------------------------------- engine and errors


def test_huge_pages_are_ocrd_at_lower_resolution_or_refused() -> None:
    doc = pymupdf.open()
    poster = doc.new_page(width=72 * 40, height=72 * 30)
    assert 72 <= ocr.effective_dpi(poster, 300) < 300
    assert ocr.effective_dpi(doc.new_page(), 300) == 300
    with pytest.raises(ResourceLimit, match="too large to OCR"):
        ocr.effective_dpi(doc.new_page(width=14400, height=14400), 300)


def test_engine_info() -> None:
    info = ocr.ocr_engine_info(PdfOptions(ocr_lang="eng+deu"))
    assert info["engine"] == "tesseract"
    assert info["version"][0].isdigit()
    assert info["langs"] == ["eng", "deu"]


def test_missing_language_pack_says_how_to_install() -> None:
    with pytest.raises(MissingDependency, match=r"apt-get install tesseract-ocr-zzz-test"):
        ocr.check_languages("eng+zzz_test")


def test_missing_binary_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    ocr._installed.cache_clear()
    try:
        with pytest.raises(MissingDependency, match="apt-get install tesseract-ocr"):
            ocr.ocr_blocks(_page(scan(SOURCE, dpi=72)), 0, AUTO)
    finally:
        ocr._installed.cache_clear()


def test_install_script_is_harmless_without_apt(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parent.parent / "scripts" / "install-system.sh"
    run = subprocess.run(
        ["/bin/sh", str(script)], env={"PATH": str(tmp_path)}, capture_output=True, text=True
    )
    assert run.returncode == 0
    assert "apt-get not found" in run.stderr and "tesseract-ocr-eng" in run.stderr


# ---------------------------------------------------------------- real scans


@pytest.mark.corpus
def test_corpus_image_only_page(corpus) -> None:
    page = _page((corpus / "pdf" / "ocr_test.pdf").read_bytes())
    assert ocr.page_needs_ocr(page, AUTO)
    expected = (
        "Docling bundles PDF document conversion to JSON and Markdown in an easy self contained package"
    )
    assert 1 - cer(expected, _text(ocr.ocr_blocks(page, 0, AUTO))) >= 0.97


@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_real_scan_with_prior_ocr_layer(corpus) -> None:
    """backus1977: we redo its invisible layer; our text must broadly agree with it (it is rough)."""
    page = _page((corpus / "pdf" / "backus1977_p21_scanned.pdf").read_bytes())
    assert ocr.page_needs_ocr(page, AUTO)
    blocks = ocr.ocr_blocks(page, 0, AUTO)
    text = _text(blocks)
    assert 1 - cer(page.get_text(), text) >= 0.85
    assert "Usually, in describing the function represented by a" in text
    left = [b for b in blocks if b.bbox.x1 < 320]
    right = [b for b in blocks if b.bbox.x0 > 300]
    assert len(left) >= 5 and len(right) >= 5, "two columns expected"
    assert ocr.scan_figure_regions(page, 0, blocks, AUTO) == [], "formulas and text are not pictures"


def test_scanned_page_end_to_end_gives_text_figure_and_caption() -> None:
    """Through the real parser and the OBELICS row: OCR'd text, a cropped picture tied to its caption."""
    import json

    from docbuild.jobs import Job
    from docbuild.sources import Source

    data = scan(with_figure(), dpi=200, noise=10, skew=1.0)
    _, (row,) = Job(pdf=AUTO).build(Source("scan.pdf", "pdf", data=data))
    meta = json.loads(row["metadata"])
    figures = [m for m in meta if m["type"] == "figure"]
    assert len(figures) == 1 and figures[0]["label"] == "Figure 1"
    assert BBox(*figures[0]["bbox"]).iou(BBox(*FIGURE_BOX)) >= 0.8
    caption = next(m for m in meta if m["id"] == figures[0]["caption_id"])
    assert caption["type"] == "caption" and caption["ocr"] is True
    general = json.loads(row["general_metadata"])
    assert general["ocr_pages"] == 1 and general["ocr"]["engine"] == "tesseract"
    text = " ".join(t for t in row["texts"] if t)  # paragraph, caption, paragraph: the page's own order
    assert 1 - cer(known_text(with_figure()), text) >= 0.9


def _japanese_scan() -> bytes:
    """A scanned page of Japanese text (no text layer): rendered with PyMuPDF's CJK font, then imaged."""
    src = pymupdf.open()
    page = src.new_page(width=595, height=842)
    line = "流体力学の教育方法について実験を用いて説明する。学生は流れを観察する。"
    for k in range(24):
        page.insert_text((50, 70 + 30 * k), line, fontsize=15, fontname="japan")
    pix = page.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
    out = pymupdf.open()
    scanned = out.new_page(width=595, height=842)
    scanned.insert_image(scanned.rect, stream=pix.tobytes("png"))
    return out.tobytes()


def test_ocr_of_a_script_the_languages_cannot_read_is_refused_with_the_pack_to_install() -> None:
    from docbuild.sources import Source
    from parsers.pdf.parser import parse

    data = _japanese_scan()
    with pytest.raises(MissingDependency, match="tesseract-ocr-jpn"):
        ocr.ocr_blocks(_page(data), 0, FAST)  # eng only: OSD reads Japanese script
    doc = parse(Source("scan.pdf", "pdf", data=data), PdfOptions(ocr="auto", ocr_dpi=200))
    assert not any(n.text for n in doc.nodes)  # no English-OCR garbage in the output
    assert any("Japanese" in w and "--ocr-lang jpn" in w for w in doc.warnings)
