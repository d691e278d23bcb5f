"""PDF parser end to end: generated samples with truth, real corpus papers, broken and odd files."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pymupdf
import pytest
from conftest import sample

from docbuild.errors import DocbuildError, EmptyInput, EncryptedInput, UnsupportedInput
from docbuild.model import Document, NodeType
from docbuild.options import PdfOptions
from docbuild.sources import Source
from parsers.pdf.parser import parse
from parsers.pdf.text import extract_blocks

OPTIONS = PdfOptions(ocr="never")


def parse_path(path: Path, options: PdfOptions = OPTIONS) -> Document:
    return parse(Source(location=str(path), format="pdf", path=path), options)


def parse_bytes(data: bytes, options: PdfOptions = OPTIONS, name: str = "mem.pdf") -> Document:
    return parse(Source(location=name, format="pdf", data=data), options)


def squash(text: str) -> str:
    return " ".join(text.split())


def flat(text: str) -> str:
    """Lowercase word characters only (NFKC: the ground truth keeps ligatures as pdftotext reads them)."""
    return re.sub(r"\W+", "", unicodedata.normalize("NFKC", text).lower())


def body_texts(doc: Document) -> list[str]:
    return [squash(n.text) for n in doc.nodes if not n.type.is_visual]


# --------------------------------------------------------------------------- generated samples


@pytest.mark.parametrize("name", ["two-column", "three-column", "raster-figure", "ruled-table"])
def test_sample_blocks_order_and_furniture_match_truth(name: str) -> None:
    truth = json.loads(sample(f"{name}.truth.json").read_text())
    doc = parse_path(sample(f"{name}.pdf"))
    texts = body_texts(doc)
    expected = [squash(b["text"]) for b in truth["blocks"]]
    missing = [t[:60] for t in expected if t not in texts]
    assert not missing, f"blocks not reproduced exactly: {missing}"
    positions = [texts.index(t) for t in expected]
    assert positions == sorted(positions), "blocks out of reading order"
    furniture = {(n.page_index, squash(n.text)) for n in doc.furniture}
    assert furniture == {(f["page_index"], squash(f["text"])) for f in truth["furniture"]}
    body = " ".join(texts)
    for f in truth["furniture"]:
        if f["kind"] == "page_number":
            continue
        assert squash(f["text"]) not in body or any(squash(f["text"]) == t for t in expected)


def test_two_column_sample_types_paragraph_parts_and_dehyphenation() -> None:
    truth = json.loads(sample("two-column.truth.json").read_text())
    doc = parse_path(sample("two-column.pdf"))
    by_text = {squash(n.text): n for n in doc.nodes}
    kinds_ok = sum(by_text[squash(b["text"])].type.value == b["kind"] for b in truth["blocks"])
    assert kinds_ok >= len(truth["blocks"]) - 1
    for b in truth["blocks"]:
        if len(b["parts"]) > 1:
            parts = by_text[squash(b["text"])].meta["parts"]
            assert [p["page_index"] for p in parts] == [p["page_index"] for p in b["parts"]]
    body = " ".join(body_texts(doc))
    for h in truth["hyphenated"]:
        assert h["head"] not in body.split(), f"line-end hyphen left in {h['head']!r}"
    footnotes = [n for n in doc.nodes if n.type is NodeType.FOOTNOTE]
    assert [squash(n.text)[-30:] for n in footnotes] == [squash(f["text"])[-30:] for f in truth["footnotes"]]


# --------------------------------------------------------------------------- real papers (corpus)


@pytest.fixture(scope="module")
def jhazmat(corpus: Path) -> Document:
    return parse_path(corpus / "pdf" / "jhazmat2012_yu_pp1-2.pdf")


def test_elsevier_paper_text_order_and_furniture(jhazmat: Document) -> None:
    body = "\n".join(body_texts(jhazmat))
    must_contain = [
        "Effect of effluent organic matter on the adsorption of perfluorinated compounds",
        "1. Introduction",
        "2.1. Chemicals and reagents",
        "PAC obtained from Sigma–Aldrich (Singapore)",
    ]
    for snippet in must_contain:
        assert snippet in body, snippet
    assert "J. Yu et al. / Journal of Hazardous Materials" not in body
    assert "0304-3894/$" not in body
    assert "\ufb02" not in body and "\ufb01" not in body, "ligatures must be expanded"
    order = [
        "Contents lists available",
        "highlights",
        "1. Introduction",
        "Perfluorinated compounds (PFCs) have emerged",
        "2. Materials and methods",
        "2.1. Chemicals and reagents",
        "2.2. Adsorbent",
        "2.5. Characterization of EfOM solution",
    ]
    positions = [body.index(s) for s in order]
    assert positions == sorted(positions)
    kinds = {n.type for n in jhazmat.furniture}
    assert NodeType.PAGE_HEADER in kinds and NodeType.PAGE_NUMBER in kinds


def test_paragraph_continued_across_column_and_page_is_one_node(jhazmat: Document) -> None:
    node = next(n for n in jhazmat.nodes if n.text.startswith("PFOS and PFOA are considered stable"))
    assert "sonochemical treatment" in node.text, "page-1 paragraph must continue on page 2"
    assert [p["page_index"] for p in node.meta["parts"]] == [0, 1]


def test_cropbox_offset_is_applied(jhazmat: Document, corpus: Path) -> None:
    truth = json.loads((corpus / "pdf" / "gt" / "jhazmat2012_yu_pp1-2.gt.json").read_text())
    width, height = truth["page_sizes"]["1"]
    assert jhazmat.pages[0].width == pytest.approx(width, abs=0.5)
    heading = next(n for n in jhazmat.nodes if n.text == "1. Introduction")
    assert heading.type is NodeType.HEADING and heading.bbox is not None
    # pdftotext -cropbox puts this heading's left edge at about 42.8 pt.
    assert heading.bbox.x0 == pytest.approx(42.8, abs=2.0)
    for n in jhazmat.nodes:
        if n.bbox is not None:
            assert n.bbox.x0 >= -1 and n.bbox.x1 <= width + 1 and n.bbox.bottom <= height + 1


def test_document_metadata(jhazmat: Document, corpus: Path) -> None:
    path = corpus / "pdf" / "jhazmat2012_yu_pp1-2.pdf"
    src = Source(location=str(path), format="pdf", path=path, meta={"url": "https://example.org/p.pdf"})
    doc = parse(src, OPTIONS)
    assert doc.id == src.sha256 == doc.meta["sha256"]
    assert doc.meta["format"] == "pdf" and doc.meta["url"] == "https://example.org/p.pdf"
    assert doc.meta["title"].startswith("Effect of effluent organic matter")
    assert doc.num_pages == 2
    ids = [n.id for n in doc.nodes]
    assert len(ids) == len(set(ids))
    text_nodes = [n for n in doc.nodes if not n.type.is_visual]
    assert all("lines" not in n.meta for n in text_nodes), "per-line records must not reach the output"
    assert all(n.meta["font_size"] > 0 for n in text_nodes if n.type is NodeType.PARAGRAPH)
    assert all(n.meta["level"] in (1, 2) for n in text_nodes if n.type is NodeType.HEADING)
    assert all(re.fullmatch(r"p\d+-b\d+|fig-\d+|tab-\d+", i) for i in ids)


@pytest.mark.parametrize(
    ("name", "floor"),
    [("jhazmat2012_yu_pp1-2", 0.9), ("2305.03393v1-pg9", 0.95), ("picture_classification", 0.95)],
)
def test_reading_order_against_ground_truth(corpus: Path, name: str, floor: float) -> None:
    truth = json.loads((corpus / "pdf" / "gt" / f"{name}.gt.json").read_text())
    doc = parse_path(corpus / "pdf" / f"{name}.pdf")
    full = "".join(flat(t) for t in body_texts(doc))
    found: list[int] = []
    start = 0
    for snippet in truth["reading_order"]:
        key = flat(snippet)[:30]
        if not key:
            continue
        at = full.find(key, start)
        if at == -1:
            at = full.find(key)
        if at != -1:
            found.append(at)
            start = at + 1
    recall = len(found) / len(truth["reading_order"])
    pairs = [(a, b) for i, a in enumerate(found) for b in found[i + 1 :]]
    accuracy = sum(a < b for a, b in pairs) / max(1, len(pairs))
    assert recall >= floor and accuracy >= 0.95, (recall, accuracy)


def test_lncs_page_heading_numbers_join_their_titles(corpus: Path) -> None:
    doc = parse_path(corpus / "pdf" / "2305.03393v1-pg9.pdf")
    headings = [n.text for n in doc.nodes if n.type is NodeType.HEADING]
    assert "5.1 Hyper Parameter Optimization" in headings
    assert "5.2 Quantitative Results" in headings
    assert all("Optimized Table Tokenization" not in t for t in body_texts(doc))


@pytest.mark.parametrize("name", ["helloworld-bad.pdf", "xref_command_missing.pdf"])
def test_broken_xref_is_repaired_with_a_warning(corpus: Path, name: str) -> None:
    expected = json.loads((corpus / "pdf" / "bad" / "EXPECTED.json").read_text())[name]
    doc = parse_path(corpus / "pdf" / "bad" / name)
    assert doc.num_pages == expected["pages"]
    assert expected["text"] in " ".join(body_texts(doc))
    assert any("repaired" in w for w in doc.warnings)


def test_fuzzed_file_fails_cleanly(corpus: Path) -> None:
    try:
        doc = parse_path(corpus / "pdf" / "bad" / "GHOSTSCRIPT-698804-1-fuzzed.pdf")
    except DocbuildError as exc:
        assert "GHOSTSCRIPT-698804-1-fuzzed.pdf" in str(exc)
    else:
        assert doc.nodes == ()


# --------------------------------------------------------------------------- generated odd inputs


def make_pdf(pages: list[list[tuple[float, float, str]]], rotation: int = 0, **save: object) -> bytes:
    pdf = pymupdf.open()
    for lines in pages:
        page = pdf.new_page(width=400, height=600)
        for x, y, s in lines:
            page.insert_text((x, y), s, fontsize=11)
        if rotation:
            page.set_rotation(rotation)
    return pdf.tobytes(**save)


def test_rotated_page_boxes_are_in_displayed_coordinates() -> None:
    data = make_pdf([[(50, 100, "Rotated page text line")]], rotation=90)
    page = pymupdf.open(stream=data, filetype="pdf")[0]
    blocks = extract_blocks(page, 0)
    assert [b.text for b in blocks] == ["Rotated page text line"]
    box = blocks[0].bbox
    assert box is not None
    # Displayed page is 600 wide, 400 high; the line runs down the right-hand side.
    assert page.rect.width == 600 and 0 <= box.x0 < box.x1 <= 600 and 0 <= box.top < box.bottom <= 400
    assert box.x0 > 450 and box.height > box.width


def test_ids_max_pages_and_page_sizes() -> None:
    data = make_pdf([[(50, 100 + 20 * k, f"Line {k} of page {p}.") for k in range(2)] for p in range(4)])
    doc = parse_bytes(data, PdfOptions(ocr="never", max_pages=2))
    assert doc.num_pages == 2 and doc.meta["pdf_pages"] == 4
    assert {n.page_index for n in doc.nodes} == {0, 1}
    assert all(re.fullmatch(r"p[01]-b\d+", n.id) for n in doc.nodes)
    assert (doc.pages[0].width, doc.pages[0].height) == (400, 600)


def test_encrypted_pdf_needs_the_right_password() -> None:
    data = make_pdf(
        [[(50, 100, "Secret text.")]],
        encryption=pymupdf.PDF_ENCRYPT_AES_256,
        user_pw="letmein",
        owner_pw="owner",
    )
    with pytest.raises(EncryptedInput, match=r"mem\.pdf.*no password"):
        parse_bytes(data)
    with pytest.raises(EncryptedInput, match="wrong"):
        parse_bytes(data, PdfOptions(ocr="never", password="nope"))
    doc = parse_bytes(data, PdfOptions(ocr="never", password="letmein"))
    assert body_texts(doc) == ["Secret text."]


def test_not_a_pdf_and_empty_input_are_typed_errors() -> None:
    with pytest.raises(UnsupportedInput, match=r"page\.html"):
        parse_bytes(b"<html><body>hello</body></html>", name="page.html")
    with pytest.raises(EmptyInput):
        parse_bytes(b"", name="empty.pdf")
    with pytest.raises(DocbuildError, match=r"trunc\.pdf"):
        parse_bytes(b"%PDF-1.4\n%garbage without objects", name="trunc.pdf")


def test_figures_are_renumbered_in_reading_order_with_captions_following() -> None:
    truth = json.loads(sample("two-column.truth.json").read_text())
    doc = parse_path(sample("two-column.pdf"))
    figures = doc.figures
    assert [f.id for f in figures] == [f"fig-{k}" for k in range(1, len(figures) + 1)]
    assert [f.label for f in figures] == [f["label"] for f in truth["figures"]]
    nodes = list(doc.nodes)
    for fig in figures:
        caption = nodes[nodes.index(fig) + 1]
        assert caption.type is NodeType.CAPTION and caption.meta["caption_of"] == fig.id
        assert fig.caption_id == caption.id


def test_unmapped_glyphs_never_reach_the_text(corpus: Path) -> None:
    """redp5110 draws bullets and a sidebar in fonts without a Unicode map."""
    doc = parse_path(corpus / "pdf" / "redp5110_sampled.pdf", PdfOptions(ocr="never", max_pages=3))
    texts = body_texts(doc)
    assert not any("\ufffd" in t for t in texts)
    items = [squash(n.text) for n in doc.nodes if n.type is NodeType.LIST_ITEM]
    assert "• Database performance and scalability" in items
    assert not any(re.search("[\x00-\x08\x0e-\x1f]", t) for t in texts), "control codes must not leak"
    assert any("unmapped glyphs" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("redp5110_sampled", "Row and Column Access Control Support in IBM DB2 for i"),
        ("tableformer_yang2022", "TABLEFORMER: Robust Transformer Modeling for Table-Text Encoding"),
    ],
)
def test_title_from_first_page_when_metadata_has_none(corpus: Path, name: str, title: str) -> None:
    doc = parse_path(corpus / "pdf" / f"{name}.pdf", PdfOptions(ocr="never", max_pages=4))
    assert doc.meta["title"] == title


def test_symbol_font_bullets_become_list_items(corpus: Path) -> None:
    """redp5110 page 5 draws its bullets as an unmapped BookMaster glyph, apart from the item text."""
    doc = parse_path(corpus / "pdf" / "redp5110_sampled.pdf", PdfOptions(ocr="never", max_pages=5))
    items = [squash(n.text) for n in doc.nodes if n.type is NodeType.LIST_ITEM]
    assert "• Security fundamentals" in items


def test_columns_written_line_by_line_across_the_page_are_not_mixed() -> None:
    """Content streams that draw left and right column lines alternately still give two blocks."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    left = ["The left column starts here and", "keeps talking about the left", "side until it is done now."]
    right = ["Right column words are here", "and they continue on the right", "until the right is done too."]
    for k, (a, b) in enumerate(zip(left, right, strict=True)):
        page.insert_text((60, 100 + 13 * k), a, fontsize=10)
        page.insert_text((320, 100 + 13 * k), b, fontsize=10)
    blocks = extract_blocks(pymupdf.open(stream=pdf.tobytes(), filetype="pdf")[0], 0)
    assert [b.text for b in blocks] == [" ".join(left), " ".join(right)]


def test_hanging_indent_references_are_one_block_each() -> None:
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    refs = [
        [
            "[1] A. Author and B. Author. A long paper title that",
            "wraps onto a second line. In Proc. X, 2020.",
        ],
        ["[2] C. Writer. Another title that is also long and", "wraps as well. Journal Y, 2021."],
        ["[3] D. Person. A third reference that wraps around", "to the next line. Report Z, 2022."],
    ]
    y = 100.0
    for ref in refs:
        page.insert_text((60, y), ref[0], fontsize=9)
        page.insert_text((72, y + 11), ref[1], fontsize=9)
        y += 22
    blocks = extract_blocks(pymupdf.open(stream=pdf.tobytes(), filetype="pdf")[0], 0)
    assert [b.text for b in blocks] == [" ".join(r) for r in refs]


def test_superscripts_drop_only_when_they_point_at_a_footnote() -> None:
    pdf = pymupdf.open()
    page = pdf.new_page(width=400, height=600)

    def run(x: float, y: float, parts: list[tuple[str, float, float]]) -> None:
        for text, size, rise in parts:
            page.insert_text((x, y - rise), text, fontsize=size)
            x += pymupdf.get_text_length(text, fontsize=size)

    run(50, 100, [("In the 1", 11, 0), ("st", 6, 4), (" row the", 11, 0)])
    run(50, 114, [("corpus", 11, 0), ("2", 6, 4), (" is large, the", 11, 0)])
    run(50, 128, [("cost is O(D", 11, 0), ("7", 6, 4), (") and", 11, 0)])
    run(50, 142, [("up to ", 11, 0), ("1", 6, 4), ("/4 inch.", 11, 0)])
    page.insert_text((50, 560), "2 The footnote text.", fontsize=8)
    texts = [b.text for b in extract_blocks(page, 1)]
    assert texts[0] == "In the 1st row the corpus is large, the cost is O(D7) and up to 1/4 inch."
    assert texts[1] == "2 The footnote text."


def test_run_in_bold_heading_stays_with_its_paragraph() -> None:
    pdf = pymupdf.open()
    page = pdf.new_page(width=400, height=600)
    lead = "Positional Encoding in the Model."
    page.insert_text((50, 100), lead, fontsize=10, fontname="hebo")
    x = 50 + pymupdf.get_text_length(lead, fontname="hebo", fontsize=10) + 6
    page.insert_text((x, 100), "Note that", fontsize=10, fontname="helv")
    page.insert_text((50, 112), "the encoder uses the same token embeddings.", fontsize=10, fontname="helv")
    blocks = extract_blocks(page, 0)
    assert [b.text for b in blocks] == [
        "Positional Encoding in the Model. Note that the encoder uses the same token embeddings."
    ]
    assert not blocks[0].meta["lines"][0]["bold"]


def test_visible_title_wins_over_shorter_metadata_title(corpus: Path) -> None:
    doc = parse_path(corpus / "pdf" / "clark2015_figures.pdf", PdfOptions(ocr="never", max_pages=1))
    assert doc.meta["title"] == (
        "Looking Beyond Text: Extracting Figures, Tables and Captions from Computer Science Papers"
    )


def test_formula_line_is_never_the_title(corpus: Path) -> None:
    doc = parse_path(corpus / "pdf" / "backus1977_p21_scanned.pdf")
    title = doc.meta["title"]
    assert title is None or not any(ch in title for ch in "=<>")


def test_letter_spaced_heading_is_collapsed_into_words() -> None:
    pdf = pymupdf.open()
    page = pdf.new_page(width=400, height=600)
    x = 50.0
    for word in ("article", "info"):
        for ch in word:
            page.insert_text((x, 100), ch, fontsize=9)
            x += pymupdf.get_text_length(ch, fontsize=9) + 3.5
        x += 9
    page.insert_text((50, 200), "Body text that is long enough to be the body of the page.", fontsize=9)
    texts = [b.text for b in extract_blocks(page, 0)]
    assert texts[0] == "article info"


def test_italic_venue_inside_a_reference_does_not_split_it() -> None:
    pdf = pymupdf.open()
    page = pdf.new_page(width=400, height=600)
    page.insert_text((50, 100), "Jacob Devlin and Kenton Lee. 2019. BERT: Pre-training of", fontsize=10)
    page.insert_text((60, 112), "deep transformers. In Proceedings of the 2019 Conference", fontsize=10)
    page.insert_text(
        (60, 124), "of the North American Chapter of the Association", fontsize=10, fontname="tiit"
    )
    page.insert_text((60, 136), "for Computational Linguistics, pages 4171-4186.", fontsize=10)
    texts = [b.text for b in extract_blocks(page, 0)]
    assert len(texts) == 1 and texts[0].endswith("pages 4171-4186.")


def test_unindented_reference_list_splits_at_entry_starts() -> None:
    pdf = pymupdf.open()
    page = pdf.new_page(width=400, height=600)
    lines = [
        "Everingham, et al. 2010. The pascal visual object classes",
        "(VOC) challenge. International Journal of Computer Vision.",
        "Khusro, S.; Latif, A.; and Ullah, I. 2014. On methods and tools",
        "of table detection, extraction and annotation in pdf documents.",
        "Wu, et al. 2014. Citeseerx: AI in a digital library search engine.",
    ]
    for k, text in enumerate(lines):
        page.insert_text((50, 100 + 11 * k), text, fontsize=9)
    texts = [b.text for b in extract_blocks(page, 0)]
    assert [t.split(",")[0] for t in texts] == ["Everingham", "Khusro", "Wu"]


def _justified(page: pymupdf.Page, x0: float, x1: float | None, y: float, text: str, size: float) -> None:
    """Words spread from ``x0`` to ``x1`` like a justified line (``x1`` None: a ragged last line)."""
    words = text.split()
    widths = [pymupdf.get_text_length(w, fontsize=size) for w in words]
    space = pymupdf.get_text_length(" ", fontsize=size)
    if x1 is not None and len(words) > 1:
        space = (x1 - x0 - sum(widths)) / (len(words) - 1)
    x = x0
    for word, width in zip(words, widths, strict=True):
        page.insert_text((x, y), word, fontsize=size)
        x += width + space


def test_short_last_line_of_a_hanging_reference_is_not_a_display_line() -> None:
    pdf = pymupdf.open()
    page = pdf.new_page(width=400, height=600)
    entry = [
        (50, "[6] W. Yu, T. Chen, F. Franchetti, and J. C. Hoe, High performance"),
        (67, "stereo vision designed for massively data parallel platforms, Circuits"),
        (67, "and Systems for Video Technology, vol. 20, pp. 1509"),
        (67, "-1519, November 2010."),
        (50, "[7] S. Mattoccia, M. Viti, and F. Ries, Near real-time fast bilateral"),
        (67, "stereo on the GPU, in Computer Vision and Pattern Recognition Work"),
        (67, "June 2011."),
    ]
    for k, (x, text) in enumerate(entry):
        last = k in (3, 6)
        _justified(page, x, None if last else 330, 100 + 9 * k, text, 8)
    texts = [b.text for b in extract_blocks(page, 0)]
    assert len(texts) == 2 and texts[0].endswith("November 2010.") and texts[1].endswith("June 2011.")


def test_a_pdf_file_is_opened_by_name_not_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long PDF must not sit in memory as bytes: the parser hands MuPDF the path."""

    def refuse(self: Source) -> bytes:
        raise AssertionError(f"{self.location} was read into memory whole")

    monkeypatch.setattr(Source, "read_bytes", refuse)
    doc = parse_path(sample("two-column.pdf"))
    assert doc.pages and any(n.type is NodeType.FIGURE for n in doc.nodes)


def test_monospaced_listing_is_one_code_node_and_inline_urls_stay_in_their_prose() -> None:
    """An XML listing (code by font, not by content) with uneven line gaps and indentation is one
    code node with its breaks; a URL set in typewriter type inside a sentence, or wrapped onto a
    line of its own, stays in that sentence's paragraph."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=600, height=800)
    prose = "Here is an example source file that declares one type, named diff.xml, as follows:"
    page.insert_text((72, 100), prose, fontsize=10, fontname="tiro")
    listing = [
        (0, '<?xml version="1.0"?>'),
        (0, "<mime-info>"),
        (2, '<mime-type type="text/x-diff">'),
        (4, "<comment>Differences between files</comment>"),
        (4, '<comment xml:lang="af">verskille tussen lers</comment>'),
        (4, '<glob pattern="*.diff"/>'),
        (2, "</mime-type>"),
        (0, "</mime-info>"),
    ]
    y = 124.0
    for k, (indent, text) in enumerate(listing):
        page.insert_text((72 + indent * 5.4, y), text, fontsize=9, fontname="cour")
        y += 13.0 if k in (3, 5) else 11.0  # the gaps of a real listing are not even
    lines = [
        ("tiro", 72, "The synthetic sequence used in the evaluation will be made publicly available at"),
        ("cour", 72, "http://example.org/research/stereo/"),
        ("tiro", 72, "together with the ground truth disparity maps for all frames of the scene."),
    ]
    y += 30
    for font, x, text in lines:
        page.insert_text((x, y), text, fontsize=10, fontname=font)
        y += 12
    doc = parse_bytes(pdf.tobytes())
    code = [n for n in doc.nodes if n.type is NodeType.CODE]
    assert len(code) == 1
    assert code[0].text.splitlines() == [" " * i + t for i, t in listing]
    prose_nodes = [n.text for n in doc.nodes if n.type is NodeType.PARAGRAPH]
    assert any("available at http://example.org/research/stereo/ together with" in t for t in prose_nodes)


@pytest.mark.parametrize(
    ("font", "mono"),
    [
        ("NimbusMonL-Regu", True),
        ("ABCDEF+pcrr8a", True),
        ("LMMono10-Regular", True),
        ("CMTT10", True),
        ("Monotype-Corsiva", False),
        ("NimbusRomNo9L-Regu", False),
        ("Times-Roman", False),
    ],
)
def test_monospaced_fonts_by_name(font: str, mono: bool) -> None:
    from parsers.pdf.text import _font_traits

    assert _font_traits(font)[1] is mono


def test_a_lone_mark_cut_off_from_its_word_is_not_a_node() -> None:
    pdf = pymupdf.open()
    page = pdf.new_page(width=600, height=800)
    page.insert_text((72, 100), "A paragraph of body text that carries the actual content here.", fontsize=10)
    page.insert_text((300, 300), "\u2020", fontsize=10)  # a stray dagger, far from any word
    page.insert_text((72, 400), "Section 2 starts with 3 steps", fontsize=10)
    texts = [n.text for n in parse_bytes(pdf.tobytes()).nodes]
    assert "\u2020" not in texts and any("3 steps" in t for t in texts) and len(texts) == 2


def _drawn_bullet_pdf() -> bytes:
    """A list whose bullets are drawn discs and squares (as browsers print them), plus decoys."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    items = ["Alpha release notes", "Beta testing plan", "Gamma rollout schedule"]
    y = 100.0
    page.insert_text((72, y), "Project milestones for the coming quarter are listed below.", fontsize=11)
    for k, item in enumerate(items):
        y += 20
        shape = page.new_shape()
        if k < 2:
            shape.draw_circle((95, y - 3.8), 1.9)  # a disc, about a third of the font size
        else:
            shape.draw_rect(pymupdf.Rect(93, y - 5.7, 96.8, y - 1.9))  # a square bullet
        shape.finish(fill=(0, 0, 0), color=None)
        shape.commit()
        page.insert_text((108, y), item, fontsize=11)
    # Decoys: a dot far to the left of a line, and a big square (a swatch), neither a bullet.
    y += 40
    page.insert_text((200, y), "A remark set well away from the dot on its left.", fontsize=11)
    shape = page.new_shape()
    shape.draw_circle((95, y - 3.8), 1.9)
    shape.draw_rect(pymupdf.Rect(72, y + 12, 84, y + 24))
    shape.finish(fill=(0, 0, 0), color=None)
    shape.commit()
    page.insert_text((90, y + 22), "Colour swatch legend entry text.", fontsize=11)
    # A flowchart arrow: its head is a small filled triangle right before the box's text.
    y += 60
    shape = page.new_shape()
    shape.draw_line((60, y - 3.8), (93, y - 3.8))
    shape.finish(color=(0, 0, 0), width=0.8)
    shape.draw_polyline([(93, y - 6.8), (98, y - 3.8), (93, y - 0.8), (93, y - 6.8)])
    shape.finish(fill=(0, 0, 0), color=None, closePath=True)
    shape.commit()
    page.insert_text((104, y), "Refer the patient for surgery.", fontsize=11)
    data = doc.tobytes()
    doc.close()
    return data


def test_bullets_drawn_as_paths_make_list_items() -> None:
    doc = parse_bytes(_drawn_bullet_pdf())
    items = [n.text for n in doc.nodes if n.type is NodeType.LIST_ITEM]
    assert items == ["• Alpha release notes", "• Beta testing plan", "• Gamma rollout schedule"]
    others = [n.text for n in doc.nodes if n.type is not NodeType.LIST_ITEM]
    assert any(t.startswith("A remark set well away") for t in others)
    assert any(t.startswith("Colour swatch legend") for t in others)
    assert "Refer the patient for surgery." in others


def test_parser_beats_once_per_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from docbuild import heartbeat

    monkeypatch.setattr(heartbeat, "MIN_INTERVAL", 0.0)
    beats: list[int] = []
    with heartbeat.listening(lambda: beats.append(1)):
        doc = parse_path(sample("two-column.pdf"))
    assert len(beats) == len(doc.pages) >= 2


def _fraction_pdf() -> bytes:
    """A display formula with a stacked fraction (drawn bar), next to an underlined phrase and a rule."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), "The ratio below sets the learning rate of each layer.", fontsize=11)
    # y =  (a + b) over (c + d)   (4): "y" in Helvetica, "=" in the Symbol font (a maths font).
    page.insert_text((120, 140), "y", fontsize=11)
    page.insert_text((130, 140), "=", fontsize=11, fontname="Symbol")
    page.insert_text((150, 133), "a + b", fontsize=11)
    page.insert_text((150, 150), "c + d", fontsize=11)
    page.draw_line((148, 137), (177, 137), width=0.4)  # a bar a little wider than its terms
    page.insert_text((300, 140), "(4)", fontsize=11)
    # Decoys: an underlined phrase with a line of text under it, and a rule between two lines.
    page.insert_text((72, 200), "See the project page for the full list of results.", fontsize=11)
    page.draw_line((120, 202), (200, 202), width=0.5)
    page.insert_text((72, 214), "More results appear in the appendix at the end.", fontsize=11)
    page.insert_text((72, 260), "Before the rule = a line of text.", fontsize=11)
    page.draw_line((72, 264), (250, 264), width=0.5)
    page.insert_text((72, 276), "After the rule = another line.", fontsize=11)
    data = doc.tobytes()
    doc.close()
    return data


def test_stacked_fraction_is_read_inline() -> None:
    texts = [n.text for n in parse_bytes(_fraction_pdf()).nodes]
    assert any("y = (a + b) / (c + d) (4)" in t for t in texts), texts
    decoys = [t for t in texts if "project page" in t or "rule" in t]
    assert len(decoys) >= 2 and not any(" / " in t for t in decoys), texts


def test_a_caption_set_beside_a_row_is_not_read_into_the_row() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    rows = [("Setting", "Time (s)", "Top-1"), ("Baseline", "0.344", "0.419"), ("Oracle", "0.912", "0.652")]
    for k, row in enumerate(rows):
        for x, cell in zip((80, 150, 205), row, strict=True):
            page.insert_text((x, 100 + 22 * k), cell, fontsize=10)
    page.insert_text((250, 144), "Table 2: Results on COCO.", fontsize=9)  # level with the last row
    page.insert_text((72, 200), "The results above are averaged over three runs of each method.", fontsize=10)
    texts = [n.text for n in parse_bytes(doc.tobytes()).nodes]
    assert not any("0.652 Table 2" in t for t in texts), texts
    assert any(t.startswith("Table 2: Results on COCO.") for t in texts), texts
