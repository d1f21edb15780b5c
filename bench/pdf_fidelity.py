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
        "see benchmarks.md). Headings, notes, page markers and titles against the hand-checked",
        "truth: `bench/pdf_quality.py`, in [pdf-quality.md](pdf-quality.md).",
        "",
        "| paper | pages | language | kept | furniture | left out | sections | notes "
        "| title | printed fields | s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    text = "\n".join(header + rows) + "\n"
    args.output.write_text(text, encoding="utf-8")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
