"""Caption recognition and caption-to-visual tying on hand-built nodes (no PDF library involved)."""

from __future__ import annotations

import itertools

import pytest

from docbuild.captions import caption_label, find_captions, label_name, mark_caption, tie_captions
from docbuild.model import BBox, Node, NodeType

_ids = itertools.count()


def block(text: str, box: tuple[float, float, float, float] = (72, 100, 300, 112), **meta: object) -> Node:
    return Node(type=NodeType.PARAGRAPH, id=f"p0-b{next(_ids)}", text=text, bbox=BBox(*box), meta=meta)


def line(text: str, box: tuple[float, float, float, float], bold: bool = False, size: float = 9.0) -> dict:
    return {"bbox": list(box), "text": text, "size": size, "font": "Times", "bold": bold}


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        ("Figure 3: Loss per epoch.", "figure", "Figure 3"),
        ("Fig. 3. Throughput of the parser.", "figure", "Figure 3"),
        ("FIGURE 3 OVERVIEW OF THE SYSTEM", "figure", "Figure 3"),
        ("Table II: Ablation of the ordering heuristics", "table", "Table 2"),
        ("TABLE 2. Results", "table", "Table 2"),
        ("Table A1: Hyper-parameters", "table", "Table A1"),
        ("Figure S2: Supplementary view", "figure", "Figure S2"),
        ("Table 1 Characteristics of PAC used in this study.", "table", "Table 1"),
        ("Figure 1-2   Existing row and column controls", "figure", "Figure 1-2"),
    ],
)
def test_caption_labels_are_recognised(text: str, kind: str, label: str) -> None:
    parsed = caption_label(block(text))
    assert parsed is not None, text
    assert parsed.kind == kind
    assert label_name(parsed, text) == label


@pytest.mark.parametrize(
    "text",
    [
        "Figure 3 shows that the loss falls quickly after the first epoch.",
        "Table 2 and Figure 4 summarise the ablation.",
        "Figure 3-5 shows the difference in the special registers.",
        "Tables are hard to extract from PDFs, as the literature shows.",
        "The figure below is a photograph.",
    ],
)
def test_mentions_in_running_text_are_not_captions(text: str) -> None:
    assert caption_label(block(text)) is None


def test_bold_label_split_from_its_text_is_joined() -> None:
    label = block("Table 1", (301, 56, 324, 62), lines=[line("Table 1", (301, 56, 324, 62), bold=True)])
    rest = block(
        "Characteristics of PAC used in this study.",
        (301, 64, 425, 70),
        lines=[line("Characteristics of PAC used in this study.", (301, 64, 425, 70))],
    )
    body = block("Primary micropore volume 0.24 cm3/g", (307, 78, 424, 128))
    [cap] = find_captions([label, rest, body])
    assert cap.block.text == "Table 1 Characteristics of PAC used in this study."
    assert cap.source is label and cap.parts == (rest,)
    assert cap.bbox == BBox(301, 56, 425, 70)


def test_caption_glued_under_panel_labels_is_found() -> None:
    lines = [
        line("Frame 30", (90, 474, 130, 483)),
        line("Frame 90", (210, 474, 250, 483)),
        line("Figure 2: Two sample frames from the synthetic video.", (49, 490, 300, 500)),
    ]
    glued = block(" ".join(ln["text"] for ln in lines), (49, 474, 300, 500), lines=lines)
    [cap] = find_captions([glued])
    assert cap.label == "Figure 2"
    assert cap.block.text.startswith("Figure 2: Two sample frames")
    assert cap.block.meta["figure_text"] == ["Frame 30", "Frame 90"]
    assert cap.bbox.top == 490


def test_find_captions_filters_by_kind() -> None:
    blocks = [block("Figure 1: A chart."), block("Table 1: Numbers.", (72, 300, 300, 312))]
    assert [c.label for c in find_captions(blocks, "table")] == ["Table 1"]
    assert [c.label for c in find_captions(blocks, "figure")] == ["Figure 1"]


def test_two_side_by_side_figures_get_their_own_captions() -> None:
    regions = [BBox(73, 145, 294, 304), BBox(314, 145, 540, 304)]
    captions = [BBox(314, 310, 401, 322), BBox(72, 310, 266, 322)]  # right caption listed first
    assert tie_captions(captions, regions, "figure") == {0: 1, 1: 0}


def test_caption_above_table_ties_to_the_table_below() -> None:
    caption = BBox(200, 139, 412, 151)
    figure_above = BBox(140, 40, 470, 130)
    table_below = BBox(140, 154, 471, 235)
    assert tie_captions([caption], [figure_above, table_below], "table") == {0: 1}
    assert tie_captions([caption], [figure_above, table_below], "figure") == {0: 0}


def test_stacked_tables_with_captions_below_are_tied_jointly() -> None:
    # Table 1 grid, its caption, Table 2 grid, its caption (clark2015 page 5): greedy nearest
    # pairing would give caption 1 the grid *below* it and caption 2 the grid two steps up.
    grid1, grid2 = BBox(320, 54, 558, 97), BBox(320, 129, 558, 161)
    cap1, cap2 = BBox(341, 107, 537, 117), BBox(343, 172, 535, 182)
    assert tie_captions([cap1, cap2], [grid1, grid2], "table") == {0: 0, 1: 1}


def test_caption_without_overlapping_region_stays_untied() -> None:
    assert tie_captions([BBox(320, 300, 550, 310)], [BBox(50, 100, 280, 290)], "figure") == {}


def test_mark_caption_retypes_and_points_at_visual() -> None:
    node = mark_caption(block("Figure 1: A chart."), "fig-1")
    assert node.type is NodeType.CAPTION
    assert node.meta["caption_of"] == "fig-1"


def test_centred_ieee_table_label_joins_its_title_line() -> None:
    label = block("TABLE II", (280, 300, 332, 310), lines=[line("TABLE II", (280, 300, 332, 310))])
    title = block(
        "ABLATION OF THE ORDERING HEURISTICS",
        (214, 312, 397, 322),
        lines=[line("ABLATION OF THE ORDERING HEURISTICS", (214, 312, 397, 322))],
    )
    [cap] = find_captions([label, title])
    assert cap.label == "Table 2" and cap.block.text == "TABLE II ABLATION OF THE ORDERING HEURISTICS"


def test_continued_table_caption_is_a_caption() -> None:
    parsed = caption_label(block("Table 2 (continued)"))
    assert parsed is not None and parsed.kind == "table"


def test_caption_cut_mid_sentence_runs_on_into_the_next_block() -> None:
    """A tall line (symbols) made the extractor end the caption block early: the rest joins it."""
    head = block(
        "Figure 3: Performance at noise levels {±0, ±20, ±40}. Mean",
        (312, 311, 563, 342),
        lines=[
            line("Figure 3: Performance of temporal matching at different levels", (312, 311, 563, 323)),
            line("of uniformly distributed image noise {±0, ±20, ±40}. Mean", (312, 323, 563, 342)),
        ],
    )
    rest = block(
        "squared error (MSE) is plotted versus λ.",
        (312, 335, 563, 359),
        lines=[
            line("squared error (MSE) is plotted", (312, 335, 563, 347)),
            line("versus λ.", (312, 347, 400, 359)),
        ],
    )
    body = block(
        "Results are discussed below.",
        (312, 380, 563, 392),
        lines=[line("Results are discussed below.", (312, 380, 460, 392))],
    )
    [cap] = find_captions([head, rest, body])
    assert cap.parts == (rest,)
    assert cap.block.text.endswith("Mean squared error (MSE) is plotted versus λ.")
    # a caption whose last line closes the sentence does not swallow the paragraph below
    closed = block(
        "Figure 4: Runtime.", (312, 311, 563, 323), lines=[line("Figure 4: Runtime.", (312, 311, 400, 323))]
    )
    [cap] = find_captions([closed, rest])
    assert cap.parts == ()
