"""Laid-out PDF pages -> the stream of lines every reader produces.

`pdf_furniture` has put each page's lines in reading order and set the margins aside; here every
line becomes a `Line` with its geometry, its raised note calls as `Call` pieces, and a proposed
note label where a note line opens with one. What leaves the body is accounted for: page
furniture (running heads, page numbers) and table or chart figures left out, so the fidelity
measure knows what the page must still show.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from corpus_site.extract.align import letters
from corpus_site.extract.front import printed_title
from corpus_site.extract.lines import Call, Geometry, Line, Stream, Token
from corpus_site.extract.pdf_front import is_cover_sheet, printed_fields
from corpus_site.extract.pdf_furniture import lay_out_pages
from corpus_site.extract.pdf_layout import Glyph, PageFlow, RawLine, RawPage
from corpus_site.model import Diagnostic, SourceText

_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u00a0": " ",
        "\uf0b7": "\u2022",  # Symbol-font bullet as Word embeds it
        "\uf0a7": "\u25aa",
    }
)
_SOFT_HYPHEN = "\u00ad"
_NOTE_LABEL = re.compile(r"^(\d{1,3})\s+\S")
_FIGURE_NUMBERS = re.compile(r"[\d\s,.%\-\u2013]+")
# The pages read for what a PDF says about itself (cover sheet, masthead, citation line).
_FRONT_PAGES = 3


def clean(text: str) -> str:
    """Ligatures and private-use bullets as plain characters; soft hyphens dropped."""
    return text.translate(_LIGATURES).replace(_SOFT_HYPHEN, "")


def _raised(glyph: Glyph, line_size: float, baseline: float) -> bool:
    return glyph.size < line_size * 0.85 and glyph.baseline > baseline + line_size * 0.06


def split_line(line: RawLine) -> list[str | Call]:
    """A line's text with raised small digits glued to a word turned into calls."""
    size, baseline = line.size, line.baseline
    if line.smallest >= size * 0.85:
        # No glyph is small enough to be a call: the whole line is text (most lines).
        return [clean(line.text)] if line.text else []
    pieces: list[str | Call] = [""]
    glyphs = line.glyphs
    index = 0
    while index < len(glyphs):
        glyph = glyphs[index]
        if glyph.text.isdecimal() and _raised(glyph, size, baseline):
            end = index
            while end < len(glyphs) and (
                (glyphs[end].text.isdecimal() or glyphs[end].text == ",")
                and _raised(glyphs[end], size, baseline)
            ):
                end += 1
            before = pieces[-1]
            if isinstance(before, str) and before and not before[-1].isspace():
                for number in "".join(g.text for g in glyphs[index:end]).split(","):
                    if number:
                        pieces.append(Call(number, line.page))
                pieces.append("")
                index = end
                continue
        last = pieces[-1]
        assert isinstance(last, str)
        pieces[-1] = last + glyph.text
        index += 1
    return [clean(p) if isinstance(p, str) else p for p in pieces if p]


def note_label(line: RawLine) -> tuple[str, int] | None:
    """The number opening a footnote body and how many glyphs it takes, if any."""
    glyphs = line.glyphs
    size, baseline = line.size, line.baseline
    count = 0
    while count < len(glyphs) and glyphs[count].text.isdecimal():
        if not _raised(glyphs[count], max(size, glyphs[-1].size), baseline) and count == 0:
            break
        count += 1
    if count:
        return "".join(g.text for g in glyphs[:count]), count
    match = _NOTE_LABEL.match(line.text)
    if match:
        return match.group(1), len(match.group(1))
    return None


def _unraised(line: RawLine) -> str:
    """The text without glyphs set smaller than the line (note marks, superscripts)."""
    text = "".join(
        g.text for g in line.glyphs if not (g.size < line.size * 0.85 and not g.text.isspace())
    )
    return " ".join(clean(text).split())


def _geometry(raw: RawLine, margin: float, right: float) -> Geometry:
    return Geometry(
        page=raw.page,
        x0=raw.x0,
        x1=raw.x1,
        baseline=raw.baseline,
        size=raw.size,
        bold=raw.bold,
        italic=raw.italic,
        margin=margin,
        right=right,
        # Only a title block needs it (author names without their note marks).
        unraised=_unraised(raw) if raw.page <= _FRONT_PAGES else "",
    )


def pdf_stream(pages: Sequence[RawPage], info: Mapping[str, str] | None = None) -> Stream:
    """The stream of lines of some pages read by `pdf.py` (or built by hand in tests)."""
    flows, size = lay_out_pages(pages)
    front = [_page_text(page) for page in pages[:_FRONT_PAGES]]
    # A repository's cover sheet is furniture: the article starts after it.
    cover = {pages[0].number} if front and is_cover_sheet(front[0]) else set()
    fields = printed_fields(front, info or {})
    _number_from_citation(flows, cover, fields.get("pages", ""))
    tokens: list[Token] = []
    diagnostics: list[Diagnostic] = []
    left_out: list[tuple[int, str]] = []
    furniture = [(flow.number, clean(raw.text)) for flow in flows for raw in flow.margin]
    cover_title: str | None = None
    for flow in flows:
        if flow.number in cover:
            furniture += [(flow.number, clean(raw.text)) for raw in flow.body + flow.notes]
            # The cover names the article as the repository catalogued it: its title.
            shaped = [
                Line(split_line(raw), raw.page, _geometry(raw, raw.x0, raw.x1)) for raw in flow.body
            ]
            cover_title = printed_title(shaped, size).title
            flow.body, flow.notes = [], []
            continue
        tokens.extend(_body_lines(flow, size, diagnostics, left_out))
        for raw in flow.notes:
            label = note_label(raw)
            tokens.append(
                Line(
                    split_line(raw),
                    raw.page,
                    _geometry(raw, raw.x0, raw.x1),
                    note=True,
                    note_label=label[0] if label else None,
                    note_label_length=label[1] if label else 0,
                )
            )
    printed = [(flow.printed, flow.number) for flow in flows if flow.printed is not None]
    left_out += [(page.number, page.figure_text) for page in pages if page.figure_text]
    for page in pages:
        if page.unmapped:
            diagnostics.append(
                Diagnostic(
                    page.number,
                    f"{page.unmapped} glyphs left out: their font maps them to no "
                    "character (only OCR could read them)",
                )
            )
    return Stream(
        tokens,
        diagnostics,
        pdf_pages=printed,
        page_markers=[page for page, _ in printed],
        body_size=size,
        furniture=furniture,
        left_out=left_out,
        source_text=_source_text(flows, furniture, left_out),
        front_fields=fields,
        cover_title=cover_title,
    )


def _number_from_citation(flows: Sequence[PageFlow], cover: set[int], pages: str) -> None:
    """When no page prints a number the reader could find, but the first pages cite the
    article's range ("zfwu 8/2 (2007), 159-177") and it spans exactly the article's pages,
    number them from it: the printed numbers, not the file's positions."""
    if any(flow.printed for flow in flows):
        return
    first, _, last = re.sub("[\u2013\u2014]", "-", pages).partition("-")
    article = [flow for flow in flows if flow.number not in cover]
    if not (first.isdecimal() and last.isdecimal()) or not article:
        return
    if int(last) - int(first) + 1 == len(article):
        for offset, flow in enumerate(article):
            flow.printed = str(int(first) + offset)


def _page_text(page: RawPage) -> list[str]:
    """A page's lines top to bottom, margins included, for what it says about itself."""
    lines = sorted(page.lines, key=lambda line: (-round(line.baseline), line.x0))
    return [" ".join(clean(line.text).split()) for line in lines]


def _source_text(
    flows: Sequence[PageFlow],
    furniture: Sequence[tuple[int, str]],
    left_out: Sequence[tuple[int, str]],
) -> SourceText:
    """Each page's body and note letters, and the letters set aside, for the measure."""
    pages = tuple(
        (
            flow.number,
            letters(" ".join(clean(raw.text) for raw in flow.body if id(raw) not in flow.dropped)),
            letters(" ".join(clean(raw.text) for raw in flow.notes)),
        )
        for flow in flows
    )
    aside = sum(len(letters(text)) for _, text in furniture)
    omitted = sum(len(letters(text)) for _, text in left_out)
    kept = sum(len(body) + len(notes) for _, body, notes in pages)
    return SourceText(pages, kept + aside + omitted, aside, omitted)


def _body_lines(
    flow: PageFlow, size: float, diagnostics: list[Diagnostic], left_out: list[tuple[int, str]]
) -> list[Line]:
    columns: dict[str, list[RawLine]] = {}
    for raw in flow.body:
        columns.setdefault(_column(raw, flow), []).append(raw)
    edges = {key: _edges(lines) for key, lines in columns.items()}
    lines: list[Line] = []
    pending = flow.printed
    dropped = 0
    for raw in flow.body:
        if raw.size < size * 0.92 and _FIGURE_NUMBERS.fullmatch(raw.text.strip()):
            dropped += 1
            flow.dropped.add(id(raw))
            left_out.append((flow.number, raw.text))
            continue
        margin, right = edges[_column(raw, flow)]
        lines.append(
            Line(split_line(raw), raw.page, _geometry(raw, margin, right), page_start=pending)
        )
        pending = None
    if dropped:
        where = f"page {flow.printed or flow.number}"
        message = f"{where}: {dropped} lines of table or chart figures left out"
        diagnostics.append(Diagnostic(flow.number, message))
    return lines


def _column(line: RawLine, flow: PageFlow) -> str:
    middle = flow.middle
    if middle is None or (line.x0 < middle - 5 and line.x1 > middle + 5):
        return "page"
    return "left" if line.x0 < middle else "right"


def _edges(lines: Sequence[RawLine]) -> tuple[float, float]:
    """A column's left margin (leftmost common line start) and right edge."""
    starts = Counter(round(line.x0) for line in lines)
    common = [x for x, count in starts.items() if count >= max(2, 0.1 * len(lines))]
    return float(min(common or starts)), max(line.x1 for line in lines)


# Info-dictionary values that tools write when nobody filled the field in.
_PLACEHOLDERS = frozenset({"", "anonymous", "unknown", "untitled", "unspecified"})
# A title the writing tool made up: "Microsoft Word - BER98_06.DOC", "paper.pdf".
_TOOL_TITLE = re.compile(
    r"^(?:microsoft\s+\w+\s+-|untitled\b)|\.(?:docx?|rtf|odt|pdf|tex|dvi|indd|qxd|ps)\s*$",
    re.IGNORECASE,
)


def _filled_in(value: str) -> bool:
    return value.lower() not in _PLACEHOLDERS


def find_metadata(pages: Sequence[RawPage], info: dict[str, str]) -> dict[str, str]:
    """Title, authors and journal: the printed first page first, the info dictionary second."""
    stream = pdf_stream(pages, info)
    block = printed_title([ln for ln in stream.lines if not ln.note], stream.body_size)
    return printed_metadata(stream, info, stream.cover_title or block.title, block.authors)


def printed_metadata(
    stream: Stream, info: Mapping[str, str], title: str | None, authors: Sequence[str]
) -> dict[str, str]:
    """What the first pages (the builder's `title` and `authors`, the stream's printed
    fields) and the info dictionary say the paper is."""
    found: dict[str, str] = {}
    info_title, author = info.get("Title", "").strip(), info.get("Author", "").strip()
    if title or (_filled_in(info_title) and not _TOOL_TITLE.search(info_title)):
        found["title"] = title or info_title
    if authors:
        found["authors"] = "; ".join(authors)
    elif _filled_in(author) and re.search(r"[^\W\d_]{2,}\s+[^\W\d_]{2,}", author):
        found["authors"] = author  # a name, not a login ("rw", "jsmith")
    found.update(stream.front_fields)
    return found
