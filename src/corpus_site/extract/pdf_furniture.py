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
    body_size,
    is_two_column,
    merge_fragments,
    order_columns,
    split_notes,
)

_PAGE_NUMBER = re.compile(r"^(?:page|p\.)?\s*(\d{1,4})$", re.IGNORECASE)


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


def page_number(line: RawLine, page: RawPage) -> str | None:
    if not in_margin(line, page):
        return None
    match = _PAGE_NUMBER.match(re.sub(r"\s+", " ", line.text).strip())
    return match.group(1) if match else None


def choose_printed_numbers(candidates: dict[int, list[str]]) -> dict[int, str]:
    """Keep the page-number candidates that agree with the commonest page offset.

    Only numbers printed on a page are returned; a page without one gets none, so no page
    number is ever inferred from its neighbours.
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


def lay_out_pages(pages: Sequence[RawPage]) -> tuple[list[PageFlow], float]:
    """Split every page into margin, body (reading order) and notes; find printed numbers."""
    merged = [merge_fragments(page.lines, page.width / 2, page.height) for page in pages]
    running = find_running_lines(pages, merged)
    flows: list[PageFlow] = []
    contents: list[list[RawLine]] = []
    candidates: dict[int, list[str]] = {}
    for index, page in enumerate(pages):
        flow = PageFlow(page.number)
        content: list[RawLine] = []
        for line in merged[index]:
            if not line.text.strip("_\u2014\u2013-. "):
                continue  # a rule typed as underscores
            number = page_number(line, page)
            if number is not None:
                candidates.setdefault(index, []).append(number)
                flow.margin.append(line)
            elif in_margin(line, page) and running_key(line) in running:
                flow.margin.append(line)
            else:
                content.append(line)
        flows.append(flow)
        contents.append(content)
    inner = [
        line
        for page, content in zip(pages, contents, strict=True)
        for line in content
        if not in_margin(line, page)
    ]
    size = body_size(inner or [line for content in contents for line in content])
    for page, flow, content in zip(pages, flows, contents, strict=True):
        cut = split_notes(content, page, size)
        flow.notes = content[cut:]
        flow.body = order_columns(content[:cut], page)
        if is_two_column(flow.body, page):
            flow.middle = page.width / 2
    printed = choose_printed_numbers(candidates)
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
        elif labels_agree and index in labels:
            flow.printed = labels[index]
    return flows, size
