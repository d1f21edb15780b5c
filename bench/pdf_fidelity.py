"""What the PDF reader keeps of each development paper, per paper: the table in docs/.

Run from the repository root: `python bench/pdf_fidelity.py [--output docs/pdf-fidelity.md]`.
For every PDF of `../shared/pdfs/exparser/pdfs/` (and the two of `../shared/pdfs/`) it reads
the paper as a build would (`read_pdf`, then `with_printed` for the metadata a `.yml` would
give), renders its page with Python-Markdown and measures the share of what its pages print
that reaches the page in order (letters and digits), beside the shares set aside as page
furniture and left out, the language found, and what the first pages said about the paper.
Where `truth/` has the paper, the title and language are checked against it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

from corpus_site.errors import CorpusError  # noqa: E402
from corpus_site.extract.pdf import read_pdf  # noqa: E402
from corpus_site.fidelity.measure import measure_paper  # noqa: E402
from corpus_site.metadata import with_printed  # noqa: E402
from corpus_site.model import Paper, PaperMeta  # noqa: E402

SHARED = ROOT.parent / "shared" / "pdfs"
EXPARSER = SHARED / "exparser"


def _fold(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def structure(path: Path, document: object, truth: dict[str, object]) -> str:
    """A truth paper's headings found / printed (and body lines taken for headings), note
    calls linked to their note / printed, and whether its page markers lie in its range."""
    from corpus_site.model import Document, FootnoteRef, block_passages

    assert isinstance(document, Document)
    printed = [_fold(str(h)) for h in truth.get("headings", [])]  # type: ignore[attr-defined]
    optional = {_fold(str(h)) for h in truth.get("optional_headings", [])}  # type: ignore[attr-defined]
    found = [_fold(section.heading) for section in document.sections if section.heading]
    hits = sum(1 for heading in printed if heading in found)
    wrong = sum(1 for heading in found if heading not in printed and heading not in optional)
    present = {note.number for note in document.footnotes if note.present}
    linked = len(
        {
            part.number
            for section in document.sections
            for block in section.blocks
            for _, inlines in block_passages(block)
            for part in inlines
            if isinstance(part, FootnoteRef) and part.number in present
        }
    )
    pages = truth.get("printed_pages")
    markers = [m for m in document.page_markers if m.isdecimal()]
    if pages is None:
        in_range = "✓" if not markers else "✗"
    else:
        first, last = pages  # type: ignore[misc]
        ok = bool(markers) and all(first <= int(m) <= last for m in markers)
        in_range = "✓" if ok else "✗"
    return (
        f"| {path.stem} | {hits}/{len(printed)} | {wrong} | {linked}/{truth.get('footnote_calls')} "
        f"| {in_range} |"
    )


def _totals(rows: list[str]) -> str:
    """The sums of the structure rows' counts, and the papers whose markers are in range."""
    found = printed = wrong = linked = calls = in_range = 0
    for line in rows:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) != 5 or "/" not in cells[1]:
            continue
        a, b = cells[1].split("/")
        c, d = cells[3].split("/")
        found, printed, wrong = found + int(a), printed + int(b), wrong + int(cells[2])
        linked, calls = linked + int(c), calls + int(d)
        in_range += cells[4] == "✓"
    return (
        f"| **all** | **{found}/{printed}** | **{wrong}** | **{linked}/{calls}** "
        f"| **{in_range} of {len(rows)}** |"
    )


def row(path: Path) -> str:
    truth_path = EXPARSER / "truth" / f"{path.stem}.json"
    truth = json.loads(truth_path.read_text(encoding="utf-8")) if truth_path.exists() else None
    start = time.process_time()
    try:
        document = read_pdf(path)
    except CorpusError as error:
        return f"| {path.stem} | error: {error.one_line()} |" + " |" * 9
    seconds = time.process_time() - start
    meta = with_printed(PaperMeta(slug=path.stem, source=path.name), document)
    fidelity = measure_paper(Paper(meta, document, path))
    source = document.source_text
    assert source is not None and fidelity is not None
    notes = [note for note in document.footnotes if note.present]
    found = [
        name
        for name in ("journal", "year", "volume", "issue", "pages", "doi")
        if getattr(meta, name)
    ]
    title = (document.printed_title or "—")[:48]
    if truth is not None:
        expected = _fold(" ".join(filter(None, [truth.get("title"), truth.get("subtitle")])))
        same = _fold(document.printed_title) in {expected, _fold(truth.get("title"))}
        title += " ✓" if same else " ✗"
        language = f"{meta.language} {'✓' if meta.language == truth.get('language') else '✗'}"
    else:
        language = meta.language or "—"
    return (
        f"| {path.stem} | {len(source.pages)} | {language} | {fidelity.share:.2%} "
        f"| {source.furniture / source.total:.1%} | {source.left_out / source.total:.1%} "
        f"| {len(document.sections)} | {len(notes)}/{len(document.footnotes)} "
        f"| {title.replace('|', '/')} | {', '.join(found) or '—'} | {seconds:.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "pdf-fidelity.md")
    args = parser.parse_args()
    paths = sorted((EXPARSER / "pdfs").glob("*.pdf")) + sorted(SHARED.glob("*.pdf"))
    if not paths:
        raise SystemExit(f"no PDFs under {SHARED}")
    rows = [row(path) for path in paths]
    structure_rows = []
    for path in paths:
        truth_path = EXPARSER / "truth" / f"{path.stem}.json"
        if truth_path.exists():
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            try:
                structure_rows.append(structure(path, read_pdf(path), truth))
            except CorpusError as error:
                structure_rows.append(f"| {path.stem} | error: {error.one_line()} | | | |")
    header = [
        "# What the PDF reader keeps, per development paper",
        "",
        "`python bench/pdf_fidelity.py` (issue 18). For each PDF: its pages; the language",
        "found (✓/✗ against `truth/` where it has the paper); the share of the letters and",
        "digits its pages print that reach the rendered page in order (body and notes; the",
        "build warns under `min_fidelity_pdf`, 98 %); the shares of all the text pdfminer yields",
        "that the reader set aside as page furniture (running heads, page numbers, cover sheets)",
        "and left out (table and chart figures, text inside charts); sections; notes with their",
        "text / all notes; the title found (✓/✗ against `truth/`); the fields the first pages",
        "gave where no `.yml` speaks; and `read_pdf`'s CPU seconds (one run, not a benchmark:",
        "see benchmarks.md). The heuristics behind headings, notes and titles are issue 19's.",
        "",
        "| paper | pages | language | kept | furniture | left out | sections | notes "
        "| title | printed fields | s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    second = [
        "",
        "## Structure against the hand-checked truth (20 papers)",
        "",
        "Headings found exactly (folded case and spacing) / headings the paper prints; other",
        "headings made (body lines taken for headings; `optional_headings` do not count); note",
        "calls linked to a note with its text (distinct notes) / calls the paper prints (starred",
        "author notes included in the truth's count); page markers all within the printed range",
        "(back matter past the article's last page counts against it). Issue 19's baseline.",
        "",
        "| paper | headings | other headings | calls linked | page markers in range |",
        "|---|---|---|---|---|",
    ]
    structure_rows.append(_totals(structure_rows))
    text = "\n".join(header + rows + second + structure_rows) + "\n"
    args.output.write_text(text, encoding="utf-8")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
