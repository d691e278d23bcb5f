"""Write a long, realistic two-column PDF for speed and memory benchmarks (never committed).

Reuses the sample generator's layout engine: running heads, page numbers, sections, justified and
hyphenated paragraphs, a vector chart every few pages and a ruled table now and then.
Run: ``python benchmarks/longpdf.py OUT.pdf [--pages 500]``
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _generator() -> ModuleType:
    """samples/generate.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("samples_generate", ROOT / "samples" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(out: Path, pages: int = 500) -> Path:
    """Flow sections of text with figures and tables until ``pages`` pages are filled."""
    gen = _generator()
    truth = gen.Truth(out.name)
    flow = gen.Flow(truth, [(54, 297), (315, 558)], 64, 738, gen.running_head("A Long Benchmark Document"))
    prose = gen.Prose(pages)
    section = figures = tables = 0
    next_figure, next_table = 1, 4
    while True:
        section += 1
        flow.paragraph(f"{section} Section {section}", "heading", "bold", 11, 0, 6, 3)
        for n in (4, 6, 5):
            flow.paragraph(prose(n, f"As Fig. {figures + 1} and Table {tables + 1} show, results vary."))
            if flow.page_index >= pages:
                break
            if flow.page_index >= next_figure:
                figures += 1
                values = [(figures * 7 + k * 5) % 23 + 3 for k in range(6)]
                caption = f"Figure {figures}: Measured throughput in configuration {figures}."
                flow.column_visual(
                    130, lambda c, b, v=values: gen.chart(c, b, v, "line", ("Run", "Pages/s")), "", caption
                )
                next_figure = flow.page_index + 3
            if flow.page_index >= next_table:
                tables += 1
                rows = [["Setting", "Pages", "Time", "Score"]]
                rows += [
                    [f"run {tables}.{r}", str(10 * r), f"{r * 1.5:.1f}", f"0.{80 + r}"] for r in range(1, 5)
                ]
                gen.table(
                    flow, [f"Table {tables}: Timing of run group {tables}."], "", [80, 50, 50, 50], rows
                )
                next_table = flow.page_index + 9
        if flow.page_index >= pages:
            break
    # The last page is full once text spills onto page ``pages + 1``: drop the overflow.
    while flow.doc.page_count > pages:
        flow.writers.pop(flow.doc.page_count - 1, None)
        flow.doc.delete_page(-1)
    flow.save(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=500)
    args = parser.parse_args(argv)
    build(args.out, args.pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
