"""HTML tables: data table or layout, cells with row/col spans expanded, GitHub Markdown."""

from __future__ import annotations

import re

from lxml import etree


def leading_int(value: str | None) -> int | None:
    """The integer an attribute starts with ("3", "640px"), or None."""
    m = re.match(r"\s*(\d+)", value or "")
    return int(m.group(1)) if m else None


def cell_text(cell: etree._Element) -> str:
    """A cell's text with whitespace runs collapsed."""
    return " ".join(" ".join(cell.itertext()).split())


def table_rows(table: etree._Element) -> list[list[str | None]]:
    """Rows of cell strings with colspan/rowspan expanded (None marks a spanned position)."""
    rows: list[list[str | None]] = []
    pending: dict[int, tuple[int, None]] = {}  # column -> rows still covered by a rowspan
    for tr in table.iter("tr"):
        if _nearest_table(tr) is not table:
            continue
        row: list[str | None] = []
        col = 0
        cells = [c for c in tr if c.tag in ("td", "th")]
        for cell in cells:
            while col in pending:
                row.append(None)
                _use_rowspan(pending, col)
                col += 1
            row.append(cell_text(cell))
            span = min(leading_int(cell.get("colspan")) or 1, 100)
            rspan = min(leading_int(cell.get("rowspan")) or 1, 1000)
            for k in range(span):
                if k:
                    row.append(None)
                if rspan > 1:
                    pending[col + k] = (rspan - 1, None)
            col += span
        for c in sorted(pending):
            if c >= col:
                row.append(None)
                _use_rowspan(pending, c)
        if any(row):
            rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [r + [None] * (width - len(r)) for r in rows]


def _use_rowspan(pending: dict[int, tuple[int, None]], col: int) -> None:
    """A row took its spanned place in ``col``: one row fewer covered, forgotten at none."""
    left = pending[col][0] - 1
    if left <= 0:
        del pending[col]
    else:
        pending[col] = (left, None)


def _nearest_table(el: etree._Element) -> etree._Element | None:
    return next((a for a in el.iterancestors("table")), None)


def is_data_table(table: etree._Element) -> bool:
    """A table of data (not page layout): a caption, or headers without paragraphs in the cells."""
    if table.get("role") == "presentation" or any(True for _ in table.iter("table") if _ is not table):
        return False
    if table.find("caption") is not None:
        return True
    blocks = sum(1 for _ in table.iter("p", "div", "ul", "ol", "blockquote", "h1", "h2", "h3", "pre"))
    if table.find(".//th") is not None or table.find("thead") is not None:
        return blocks <= 2
    if blocks or table.find(".//img") is not None:
        return False
    rows = [r for r in table.iter("tr")]
    return len(rows) >= 2 and max((len(r) for r in rows), default=0) >= 2


def to_markdown(rows: list[list[str | None]]) -> str:
    """GitHub Markdown for the rows; the first row is the header."""

    def fmt(row: list[str | None]) -> str:
        return "| " + " | ".join((c or "").replace("|", "\\|") for c in row) + " |"

    if not rows:
        return ""
    lines = [fmt(rows[0]), "| " + " | ".join("---" for _ in rows[0]) + " |"]
    lines.extend(fmt(r) for r in rows[1:])
    return "\n".join(lines)
