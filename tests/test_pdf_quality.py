"""Per-paper structure figures over the development PDFs: no paper may get worse.

Each of the 40 papers of `../shared/pdfs/exparser/` is read once per test session with
`bench/pdf_quality.py`'s own measure, and its figures are held against the reviewed floors in
`tests/golden/pdf_quality.json` (the figures of the run that set them, checked beside the
rendered pages and the truth files). Raising a floor is a commit that says why.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import pdf_quality  # noqa: E402

FLOORS = json.loads((ROOT / "tests" / "golden" / "pdf_quality.json").read_text(encoding="utf-8"))
PAPERS = sorted(name for name in FLOORS if name != "all")
needs_exparser = pytest.mark.skipif(
    not (pdf_quality.EXPARSER / "pdfs").is_dir(), reason="development PDFs absent"
)


@cache
def figures(name: str) -> dict[str, object]:
    row = pdf_quality.measure(pdf_quality.EXPARSER / "pdfs" / f"{name}.pdf")
    assert not row.error, row.error
    return row.figures


def _first(value: object) -> int:
    assert isinstance(value, (list, tuple))
    return int(value[0])


@needs_exparser
@pytest.mark.slow
@pytest.mark.parametrize("name", PAPERS)
def test_no_paper_gets_worse(name: str) -> None:
    floor, now = FLOORS[name], figures(name)
    worse = []
    for flag in ("title", "pages"):
        if floor.get(flag) and not now.get(flag):
            worse.append(f"{flag} was right")
    for found in ("headings", "calls", "samples"):
        if found in floor and _first(now[found]) < _first(floor[found]):
            worse.append(f"{found} {now[found]} < {floor[found]}")
    for count in ("false", "hyphens"):
        if count in floor and int(now[count]) > int(floor[count]):  # type: ignore[call-overload]
            worse.append(f"{count} {now[count]} > {floor[count]}")
    if float(now["kept"]) < float(floor["kept"]) - 0.001:  # type: ignore[arg-type]
        worse.append(f"kept {now['kept']:.4f} < {floor['kept']:.4f}")
    if "references" in floor:
        gold = int(floor["references"][1])
        was, is_now = abs(floor["references"][0] - gold), abs(_first(now["references"]) - gold)
        if is_now > was:
            worse.append(f"reference items {now['references']} further from {gold}")
    assert not worse, f"{name}: " + "; ".join(worse)


@needs_exparser
@pytest.mark.slow
def test_every_paper_keeps_its_words_in_order() -> None:
    # Issue 18's goal, on every development paper: at least 98 % of the letters in order.
    assert all(float(figures(name)["kept"]) >= 0.98 for name in PAPERS)  # type: ignore[arg-type]
