"""Page furniture of a PDF: running heads and printed page numbers in the top and bottom bands,
told from body text by recurring on several pages at the same height; and the layout pass
that sets them aside and splits each page into body (in reading order) and notes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from corpus_site.extract.pdf_layout import (
    MARGIN_BAND,
    PageFlow,
    RawLine,
    RawPage,
    Rule,
    body_size,
    is_two_column,
    merge_fragments,
    order_columns,
    split_notes,
)

_PAGE_NUMBER = re.compile(r"^(?:page|p\.|seite|s\.)?\s*(\d{1,4})$", re.IGNORECASE)
_SPACED_DIGITS = re.compile(r"\d(?:\s\d){1,3}")
# A number opening or closing a running head or foot ("434  European Union Politics 8(3)",
# "Peter Stegmaier / Thomas Feltes  306"); only a number that moves on with the pages is kept.
_NUMBER_AT_END = re.compile(r"^(\d{1,4})\s+\S.*$|^.*\S\s+(\d{1,4})$")
# An unnumbered page before the first numbered one is the article's opening page, and takes
# the number before, when it has at least this many lines in body type (a cover has few).
OPENING_PAGE_LINES = 6


def in_margin(line: RawLine, page: RawPage) -> bool:
    band = page.height * MARGIN_BAND
    return line.baseline > page.height - band or line.baseline < band


def running_key(line: RawLine) -> tuple[int, str]:
    text = re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.text).strip().lower())
    return round(line.baseline / 3), text


def find_running_lines(
    pages: Sequence[RawPage], lines: Sequence[list[RawLine]]
) -> set[tuple[int, str]]:
    """Keys of margin lines repeated at (about) the same height on two or more pages."""
    seen: Counter[tuple[int, str]] = Counter()
    for page, page_lines in zip(pages, lines, strict=True):
        for key in {running_key(line) for line in page_lines if in_margin(line, page)}:
            seen[key] += 1
    # A 3pt bucket may split one position in two; count the neighbouring buckets as well.
    return {
        (height, text)
        for (height, text), count in seen.items()
        if count + seen.get((height - 1, text), 0) + seen.get((height + 1, text), 0) >= 2
    }


def page_number(line: RawLine, page: RawPage, edge: bool = False) -> str | None:
    """The number a margin line prints alone ("12", "p. 12"); `edge`: the line is the
    page's first or last, which is margin too where the text block is small on a large
    sheet (a book's chapter on A4)."""
    if not (edge or in_margin(line, page)):
        return None
    text = line.text.strip()
    if _SPACED_DIGITS.fullmatch(text):
        text = re.sub(r"\s+", "", text)  # letter-spaced: "4 3 3"
    match = _PAGE_NUMBER.match(re.sub(r"\s+", " ", text))
    return match.group(1) if match else None


def head_number(line: RawLine, page: RawPage) -> str | None:
    """The number opening or closing a margin line of text, which may be its page's."""
    if not in_margin(line, page):
        return None
    match = _NUMBER_AT_END.match(re.sub(r"\s+", " ", line.text).strip())
    return (match.group(1) or match.group(2)) if match else None


def choose_printed_numbers(candidates: dict[int, list[str]]) -> dict[int, str]:
    """Keep the page-number candidates that agree with the commonest page offset.

    Only numbers printed on a page are returned (`_imply_numbers` fills the gaps).
    """
    offsets: Counter[int] = Counter()
    for index, values in candidates.items():
        for value in set(values):
            offsets[int(value) - index] += 1
    if not offsets:
        return {}
    offset, votes = offsets.most_common(1)[0]
    if votes < 2 and len(candidates) > 1:
        return {}
    chosen = {}
    for index, values in candidates.items():
        for value in values:
            if int(value) - index == offset:
                chosen[index] = value
    return chosen


def _imply_numbers(printed: dict[int, str], contents: Sequence[list[RawLine]], size: float) -> None:
    """Number the pages that print no number between two that do, and the article's opening
    page before the first (all pages before it where the numbers are the file's positions),
    by the numbering's offset; pages after the last printed number (a series' back matter,
    an order form) stay unnumbered."""
    if not printed:
        return
    first, last = min(printed), max(printed)
    offset = int(printed[first]) - first
    opening = [ln for ln in contents[first - 1] if abs(ln.size - size) < 0.5] if first else []
    if offset == 1:
        first = 0  # numbered from the file's first page on: the pages before are 1, 2 …
    elif first + offset > 1 and len(opening) >= OPENING_PAGE_LINES:
        first -= 1
    for index in range(first, last + 1):
        printed.setdefault(index, str(index + offset))


def lay_out_pages(pages: Sequence[RawPage]) -> tuple[list[PageFlow], float]:
    """Split every page into margin, body (reading order) and notes; find printed numbers."""
    merged = [merge_fragments(page.lines, page.width / 2, page.height) for page in pages]
    running = find_running_lines(pages, merged)
    flows: list[PageFlow] = []
    contents: list[list[RawLine]] = []
    candidates: dict[int, list[str]] = {}
    typed_rules: list[list[Rule]] = []
    for index, page in enumerate(pages):
        flow = PageFlow(page.number)
        content: list[RawLine] = []
        baselines = [line.baseline for line in merged[index]]
        edges = (min(baselines), max(baselines)) if baselines else ()
        typed: list[Rule] = []
        for line in merged[index]:
            if not line.text.strip("_\u2014\u2013-. "):
                if "_" in line.text:  # a rule typed as underscores, as over some notes
                    typed.append(Rule(line.x0, line.x1, line.baseline))
                continue
            number = page_number(line, page, line.baseline in edges)
            if number is not None:
                candidates.setdefault(index, []).append(number)
                flow.margin.append(line)
            elif in_margin(line, page) and running_key(line) in running:
                flow.margin.append(line)
                number = head_number(line, page)
                if number is not None:
                    candidates.setdefault(index, []).append(number)
            else:
                content.append(line)
        flows.append(flow)
        contents.append(content)
        typed_rules.append(typed)
    inner = [
        line
        for page, content in zip(pages, contents, strict=True)
        for line in content
        if not in_margin(line, page)
    ]
    size = body_size(inner or [line for content in contents for line in content])
    for page, flow, content, typed in zip(pages, flows, contents, typed_rules, strict=True):
        cut = split_notes(content, page, size, typed)
        flow.notes = content[cut:]
        flow.body = order_columns(content[:cut], page)
        if is_two_column(flow.body, page):
            flow.middle = page.width / 2
    printed = choose_printed_numbers(candidates)
    _imply_numbers(printed, contents, size)
    labels = {i: page.label for i, page in enumerate(pages) if page.label}
    # Page labels stand for printed numbers where those confirm them, or where they say more
    # than the position: most producers label pages 1, 2, 3 … whatever the journal printed,
    # which would number the anchors by position in the file.
    confirmed = [i for i in printed if i in labels]
    positional = all(label == str(i + 1) for i, label in labels.items())
    labels_agree = all(labels[i] == printed[i] for i in confirmed) and (
        bool(confirmed) or not positional
    )
    for index, flow in enumerate(flows):
        if index in printed:
            flow.printed = printed[index]
        elif not printed and labels_agree and index in labels:
            flow.printed = labels[index]
    return flows, size
