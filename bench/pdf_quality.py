"""How well the reader gets the structure of real journal PDFs: issue 19's table in docs/.

Run from the repository root: `python bench/pdf_quality.py [--before FILE]`. Each PDF of
`../shared/pdfs/exparser/pdfs/` is read once as a build reads it; the row gives, against the
hand-checked `truth/` where it has the paper:

- title: the printed title (with its subtitle, or alone) as the truth prints it;
- headings: truth headings found / printed, and headings made that the truth does not print
  (`optional_headings` neither count nor are required); compared after NFKC, case folding,
  unified quotes and dashes and collapsed spaces, exactly, or as a prefix where a note call
  cut the heading;
- calls: notes called in the body that show their printed text (each label once), plus
  starred author notes shown, / the calls the truth counts;
- pages: the article's pages (not the truth's `non_article_pages`) carry exactly the
  printed range as page markers (none where nothing is printed);
- samples: the truth's sample sentences found verbatim in the page's text (reading order);

and for every paper: the share of letters and digits kept in order (the build's own measure),
the line-end hyphens left unjoined (a token `ab-cd` on the page whose joined `abcd` is a word
of the paper or of its language, and which no line of the PDF prints whole), and the items of
the reference list against the truth's count (or, for `en` and `de-list` papers without truth,
the gold strings of `references/`). `--before` takes the JSON a previous run wrote beside the
table and shows each figure as before → after.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

from corpus_site.errors import CorpusError  # noqa: E402
from corpus_site.extract.language import word_frequencies  # noqa: E402
from corpus_site.extract.pdf import read_pdf_lines  # noqa: E402
from corpus_site.fidelity.measure import measure_paper  # noqa: E402
from corpus_site.model import (  # noqa: E402
    Document,
    FootnoteRef,
    Paper,
    PaperMeta,
    block_passages,
    plain_text,
)

SHARED = ROOT.parent / "shared" / "pdfs"
EXPARSER = SHARED / "exparser"
QUOTES = str.maketrans({c: '"' for c in "„“”‟«»‹›‚‘’‛'`´"} | {c: "-" for c in "‐‑‒–—―−"})
HYPHENATED = re.compile(r"\b[^\W\d_]+(?:-[^\W\d_]+)+\b")
REFERENCE_HEADING = re.compile(
    r"^(?:[\dIVX.]+\s*)?(?:(?:sonstige|weitere|other|further|primary|secondary)\s+)?"
    r"(references|bibliography|literatur\w*|works cited|quellen\w*|literature|sources|"
    r"bibliographie|cited works|verwendete literatur)\b"
)


def fold(text: str | None) -> str:
    """A heading or title as the issue compares them: NFKC, case-folded, one kind of quote
    and of dash, single spaces."""
    text = unicodedata.normalize("NFKC", text or "").translate(QUOTES).casefold()
    return " ".join(text.split())


def _same_heading(found: str, printed: str) -> bool:
    if found == printed:
        return True
    # A note call inside the heading may cut it short, or leave its digits on the end.
    shorter, longer = sorted((found, printed), key=len)
    return len(shorter) >= 8 and longer.startswith(shorter)


@dataclass
class Row:
    paper: str
    kind: str
    figures: dict[str, tuple[int, int] | float | int | bool | None] = field(default_factory=dict)
    title: str = ""
    error: str = ""


def _match_headings(document: Document, truth: dict[str, object]) -> tuple[int, int, int]:
    printed = [fold(str(h)) for h in truth.get("headings", [])]
    optional = [fold(str(h)) for h in truth.get("optional_headings", [])]
    found = [fold(section.heading) for section in document.sections if section.heading]
    used: set[int] = set()
    hits = 0
    for heading in printed:
        for index, candidate in enumerate(found):
            if index not in used and _same_heading(candidate, heading):
                used.add(index)
                hits += 1
                break
    wrong = sum(
        1
        for index, heading in enumerate(found)
        if index not in used and not any(_same_heading(heading, o) for o in optional)
    )
    return hits, len(printed), wrong


def _linked_calls(document: Document) -> int:
    present = {note.number for note in document.footnotes if note.present}
    calls = len(
        {
            part.number
            for section in document.sections
            for block in section.blocks
            for _, inlines in block_passages(block)
            for part in inlines
            if isinstance(part, FootnoteRef) and part.number in present
        }
    )
    return calls + len(document.author_notes)


def _pages_right(document: Document, truth: dict[str, object]) -> bool:
    """The article's pages carry exactly the printed range (`non_article_pages`, a series'
    covers and back matter, are not judged); none where nothing is printed."""
    printed = truth.get("printed_pages")
    if printed is None:
        return not document.page_markers
    skipped = {int(page) for page in truth.get("non_article_pages") or []}
    markers = [marker for marker, page in document.pdf_pages if page not in skipped]
    # A non-article page inside the range (an imprint printed 2) may keep its number.
    elsewhere = {marker for marker, page in document.pdf_pages if page in skipped}
    first, last = printed
    expected = [str(n) for n in range(int(first), int(last) + 1)]
    return markers == [n for n in expected if n not in elsewhere]


def page_text(document: Document) -> str:
    """Everything the page shows as prose: headings, passages, notes."""
    parts = [document.printed_title or ""]
    for section in document.sections:
        parts.append(section.heading)
        for block in section.blocks:
            parts.extend(plain_text(inlines) for _, inlines in block_passages(block))
    parts.extend(plain_text(note.inlines) for note in document.footnotes if note.present)
    return "\n".join(parts)


def unjoined_hyphens(document: Document, printed_lines: list[str], language: str | None) -> int:
    text = page_text(document)
    printed = {token for line in printed_lines for token in HYPHENATED.findall(line)}
    words = {word.casefold() for word in re.findall(r"[^\W\d_]+", text)}
    known = word_frequencies(language) if language else {}
    count = 0
    for token in HYPHENATED.findall(text):
        if token in printed:
            continue
        joined = token.replace("-", "")
        if joined.casefold() in words or joined.casefold() in known:
            count += 1
    return count


def reference_items(document: Document) -> int | None:
    """The passages of the last reference list, its subsections ("Primary sources")
    included; None when the paper has no reference heading."""
    items, level, inside = None, 0, False
    for section in document.sections:
        if REFERENCE_HEADING.match(fold(section.heading)):
            # A list right after a list ("Sonstige Quellen") goes on counting.
            items, level = (items or 0) if inside else 0, section.level
            inside = True
        elif inside and section.level <= level:
            inside = False  # an appendix after the list
        if inside and items is not None:
            items += sum(len(block_passages(block)) for block in section.blocks)
    return items


def _gold_references(path: Path, kind: str, truth: dict[str, object] | None) -> int | None:
    if truth is not None:
        value = truth.get("references")
        return None if value is None else int(value)
    if kind in {"en", "de-list"}:
        gold = EXPARSER / "references" / f"{path.stem}.txt"
        lines = gold.read_text(encoding="utf-8").splitlines() if gold.exists() else []
        return sum(1 for line in lines if line.strip()) or None
    return None


def measure(path: Path) -> Row:
    kind = path.stem.rsplit("-", 1)[0]
    row = Row(path.stem, kind)
    truth_path = EXPARSER / "truth" / f"{path.stem}.json"
    truth = json.loads(truth_path.read_text(encoding="utf-8")) if truth_path.exists() else None
    start = time.process_time()
    try:
        document, lines = read_pdf_lines(path)
    except CorpusError as error:
        row.error = error.one_line()
        return row
    row.figures["seconds"] = time.process_time() - start
    fidelity = measure_paper(Paper(PaperMeta(slug=path.stem, source=path.name), document, path))
    row.figures["kept"] = fidelity.share if fidelity is not None else None
    row.figures["hyphens"] = unjoined_hyphens(document, lines, document.language)
    row.title = document.printed_title or "—"
    gold = _gold_references(path, kind, truth)
    found = reference_items(document)
    if gold is not None:
        row.figures["references"] = (found or 0, gold)
    if truth is None:
        return row
    expected = {fold(truth.get("title")), fold(f"{truth.get('title')}: {truth.get('subtitle')}")}
    expected.add(fold(" ".join(filter(None, [truth.get("title"), truth.get("subtitle")]))))
    row.figures["title"] = fold(document.printed_title) in expected
    hits, printed, wrong = _match_headings(document, truth)
    row.figures["headings"] = (hits, printed)
    row.figures["false"] = wrong
    row.figures["calls"] = (_linked_calls(document), int(truth.get("footnote_calls") or 0))
    row.figures["pages"] = _pages_right(document, truth)
    shown = fold(page_text(document).replace("\n", " "))
    samples = [fold(s) for s in truth.get("sample_sentences", [])]
    row.figures["samples"] = (sum(1 for s in samples if s in shown), len(samples))
    return row


COLUMNS = [
    ("title", "title"),
    ("headings", "headings found"),
    ("false", "false headings"),
    ("calls", "calls linked"),
    ("pages", "page markers"),
    ("samples", "samples"),
    ("kept", "kept"),
    ("hyphens", "unjoined hyphens"),
    ("references", "reference items"),
]


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):
        return f"{value:.2%}"
    if isinstance(value, (tuple, list)):
        return f"{value[0]}/{value[1]}"
    return str(value)


def _show(name: str, after: object, before: dict[str, object] | None) -> str:
    if before is None or name not in before:
        return _cell(after)
    old = before[name]
    if isinstance(old, list):
        old = tuple(old)
    if old == after:
        return _cell(after)
    return f"{_cell(old)} → {_cell(after)}"


def totals(rows: list[Row]) -> dict[str, object]:
    """The sums over the papers, and the counts of papers meeting each per-paper goal."""
    sums: dict[str, object] = {}
    for name in ("headings", "calls", "samples"):
        pairs = [r.figures[name] for r in rows if isinstance(r.figures.get(name), tuple)]
        # More calls linked than the paper prints are not more right: each paper counts up
        # to its truth.
        sums[name] = (sum(min(p[0], p[1]) for p in pairs), sum(p[1] for p in pairs))
    for name in ("title", "pages"):
        flags = [r.figures[name] for r in rows if name in r.figures]
        sums[name] = (sum(1 for f in flags if f), len(flags))
    sums["false"] = sum(int(r.figures.get("false") or 0) for r in rows)
    kept = [r.figures["kept"] for r in rows if isinstance(r.figures.get("kept"), float)]
    sums["kept"] = min(kept) if kept else None
    hyphens = [int(r.figures.get("hyphens") or 0) for r in rows]
    sums["hyphens"] = (sum(1 for h in hyphens if h <= 2), len(hyphens))
    within = []
    for r in rows:
        pair = r.figures.get("references")
        if isinstance(pair, tuple) and pair[1]:
            within.append(abs(pair[0] - pair[1]) <= max(1, round(0.05 * pair[1])))
    sums["references"] = (sum(within), len(within))
    return sums


def render(rows: list[Row], before: dict[str, dict[str, object]] | None) -> str:
    head = "| paper | " + " | ".join(label for _, label in COLUMNS) + " | s |"
    lines = [
        "# The reader on real journal PDFs (issue 19)",
        "",
        "`python bench/pdf_quality.py` over the 40 papers of `../shared/pdfs/exparser/`; the",
        "module docstring says how each figure is counted. Truth figures (title, headings,",
        "calls, page markers, samples) exist for the 20 papers `truth/` covers; reference",
        "items are compared with the truth's count, or for `en` and `de-list` papers without",
        "truth with the gold strings of `references/`. A cell `a → b` is the run given with",
        "`--before` and this one.",
        "",
        head,
        "|---" * (len(COLUMNS) + 2) + "|",
    ]
    for row in rows:
        if row.error:
            lines.append(f"| {row.paper} | error: {row.error} |" + " |" * len(COLUMNS))
            continue
        old = (before or {}).get(row.paper)
        cells = [_show(name, row.figures.get(name), old) for name, _ in COLUMNS]
        seconds = row.figures.get("seconds")
        lines.append(f"| {row.paper} | " + " | ".join(cells) + f" | {seconds:.2f} |")
    sums = totals(rows)
    old_sums = None
    if before is not None:
        # The totals of the earlier run, counted as this run counts them.
        old_rows = [
            Row(name, "", {k: tuple(v) if isinstance(v, list) else v for k, v in figures.items()})
            for name, figures in before.items()
            if name != "all"
        ]
        old_sums = totals(old_rows)
    cells = [_show(name, sums.get(name), old_sums) for name, _ in COLUMNS]
    lines.append("| **all** | " + " | ".join(f"**{c}**" for c in cells) + " | |")
    lines += [
        "",
        "In the **all** row: titles and page markers right / truth papers; headings, calls and",
        "samples summed (a paper counting at most its truth); false headings summed; kept the",
        "lowest paper; unjoined hyphens the",
        "papers with at most 2 / all papers; reference items the papers within max(1, 5 %) of",
        "the count / papers with a count. Issue 19's goals: titles 39 of 40, headings found",
        "≥ 95 % with false ≤ 5 % of the true count, calls ≥ 95 %, page markers 39 of 40, kept",
        "≥ 98 % on every paper with every sample found, ≤ 2 unjoined hyphens per paper,",
        "reference items within max(1, 5 %) on papers with a list.",
        "",
        "Titles found, for the eye: "
        + "; ".join(f"{r.paper}: {r.title[:60]!r}" for r in rows if not r.error),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "pdf-quality.md")
    parser.add_argument("--before", type=Path, help="a previous run's .json")
    parser.add_argument("paper", nargs="*", help="paper names to run alone (default all)")
    args = parser.parse_args()
    paths = sorted((EXPARSER / "pdfs").glob("*.pdf"))
    if args.paper:
        paths = [p for p in paths if p.stem in args.paper]
    if not paths:
        raise SystemExit(f"no PDFs under {EXPARSER}")
    rows = [measure(path) for path in paths]
    before = json.loads(args.before.read_text(encoding="utf-8")) if args.before else None
    record = {row.paper: dict(row.figures) for row in rows} | {"all": totals(rows)}
    for figures in record.values():
        figures.pop("seconds", None)
    if args.paper:
        print(render(rows, before))
        return
    args.output.write_text(render(rows, before), encoding="utf-8")
    args.output.with_suffix(".json").write_text(
        json.dumps(record, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(render(rows, before))


if __name__ == "__main__":
    main()
