"""Read a PDF into the document model through pdfminer.six's layout analysis.

With `pdf_objects`, the only module that imports pdfminer: it turns pdfminer's layout objects
into plain glyph records (`pdf_layout`); `pdf_furniture` and `pdf_lines` make them the stream
of lines the one builder reads, and check that its text was placed (`yield_check`). Bad files
raise `SourceError` with one line saying what to do.
"""

from __future__ import annotations

import gc
import itertools
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import (
    LAParams,
    LTAnno,
    LTChar,
    LTComponent,
    LTCurve,
    LTFigure,
    LTImage,
    LTPage,
    LTTextLine,
)
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import (
    resolve1,
)
from pdfminer.utils import decode_text

from corpus_site.errors import SourceError
from corpus_site.extract.builder import build_document
from corpus_site.extract.language import detect_language
from corpus_site.extract.pdf_glyphs import readable
from corpus_site.extract.pdf_layout import Glyph, RawLine, RawPage, Rule
from corpus_site.extract.pdf_lines import find_metadata, pdf_stream, printed_metadata
from corpus_site.extract.pdf_objects import (
    READ_ERRORS,
    StreamBudget,
    check_bytes,
    open_document,
    reading_error,
)
from corpus_site.extract.yield_check import check_yield
from corpus_site.model import Document
from corpus_site.runtime.limits import DEFAULT_LIMITS, Limits, note_page, over_limit

# How pdfminer groups characters into text lines. `_LineAnalyzer` stops its layout analysis
# there (reading order is rebuilt from line geometry in pdf_layout), so boxes_flow only matters
# to `extract_text(laparams=LAYOUT)`, the nearest pdfminer equivalent the benchmark times:
# None skips the text-box hierarchy, its costliest step.
LAYOUT = LAParams(line_overlap=0.5, char_margin=2.0, word_margin=0.1, boxes_flow=None)
# pdfminer logs every unknown font metric at WARNING; they are noise for our purposes.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def read_pdf(path: Path, limits: Limits = DEFAULT_LIMITS, language: str | None = None) -> Document:
    """The paper in `path` as a Document, built from its page geometry, in `language`
    (else the language its text is in); SourceError when most of its text cannot be placed."""
    return read_pdf_lines(path, limits, language)[0]


def read_pdf_lines(
    path: Path, limits: Limits = DEFAULT_LIMITS, language: str | None = None
) -> tuple[Document, list[str]]:
    """`read_pdf`, and the text of every line the reader made, as printed (with its line-end
    hyphens): what measures of the reader compare the page with."""
    with _fewer_collections():
        pages, info = _read_pages(path, limits)
        stream = pdf_stream(pages, info)
        lines = [line.text for line in stream.lines]
        document = build_document(stream, language or detect_language("\n".join(lines)))
    check_yield(document, path)
    # The builder's title block is what the page shows; the metadata says the same.
    found = printed_metadata(stream, info, document.printed_title, document.authors)
    return replace(document, printed_meta=tuple(found.items())), lines


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the garbage collector's youngest generation less often while a PDF is read.

    pdfminer makes an object per glyph and drops it a page later; at the default threshold
    (700 allocations) the collector keeps re-examining what the reader holds, which cost 10 %
    of a read here. Cycles are still collected, only in larger batches; the old thresholds
    come back afterwards."""
    before = gc.get_threshold()
    if before[0] == 0:  # collection switched off by the caller: leave it so
        yield
        return
    gc.set_threshold(max(before[0], 50_000), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def read_pdf_metadata(path: Path, limits: Limits = DEFAULT_LIMITS) -> dict[str, str]:
    """What the first pages and the info dictionary say the paper is (title, authors
    "; "-joined, journal, year, volume, issue, pages, DOI), from the first two pages only;
    keys are present only when found. A whole read gives the same as `Document.printed_meta`.
    """
    pages, info = _read_pages(path, limits, first_pages=2)
    return find_metadata(pages, info)


def _read_pages(
    path: Path, limits: Limits, first_pages: int = 0
) -> tuple[list[RawPage], dict[str, str]]:
    check_bytes(path)
    pages: list[RawPage] = []
    budget = StreamBudget(path, limits.stream_bytes)
    with path.open("rb") as handle, budget:
        # One parse of the file serves the catalog (info, page labels) and the pages.
        document = open_document(path, handle)
        try:
            info, labels = _read_catalog(document, limits.metadata_chars, limits.pages)
            manager = PDFResourceManager()
            device = _LineAnalyzer(manager, path, limits.glyphs_per_page)
            interpreter = PDFPageInterpreter(manager, device)
            pdf_pages = PDFPage.create_pages(document)
            if first_pages:
                pdf_pages = itertools.islice(pdf_pages, first_pages)
            for number, (pdf_page, label) in enumerate(
                zip(pdf_pages, labels, strict=False), start=1
            ):
                if number > limits.pages:
                    raise over_limit(path, f"has more than {limits.pages:,} pages", "pages")
                note_page(number)
                interpreter.process_page(pdf_page)
                pages.append(_read_page(device.page(), number, label))
        except READ_ERRORS as error:
            raise reading_error(path, error) from error
    if not pages:
        raise SourceError(path, "PDF has no pages; re-export or re-download it")
    if not any(line.inked for page in pages for line in page.lines):
        raise SourceError(path, "PDF has no text layer (scanned image; run OCR first)")
    return pages, info


class _Page(NamedTuple):
    """A page as pdfminer leaves it for `_read_page`: text lines and the other objects."""

    width: float
    height: float
    lines: list[LTTextLine]
    others: list[LTComponent]  # curves, rectangles, figures, images
    turned: str = ""  # text set at an angle beside upright text: margin bands, chart labels
    unmapped: int = 0  # glyphs mapped to no character, left out


class _LineAnalyzer(PDFLayoutAnalyzer):
    """pdfminer's layout analysis up to text lines: characters grouped into lines, no boxes.

    `extract_pages` would go on to group lines into text boxes and order the boxes; the
    reading order is rebuilt from line geometry in `pdf_layout`, so that work is skipped.
    """

    def __init__(self, manager: PDFResourceManager, path: Path, max_glyphs: int) -> None:
        super().__init__(manager, laparams=LAYOUT)
        self._page: _Page | None = None
        self._path = path
        self._max_glyphs = max_glyphs
        self._glyphs = 0

    def begin_page(self, page: PDFPage, ctm: Any) -> None:
        self._glyphs = 0
        super().begin_page(page, ctm)

    def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        # Counted before they are made, a string at a time: a page of millions of text
        # operators would otherwise grow to gigabytes of layout objects before its end. A
        # string's bytes bound its glyphs (a two-byte font counts each twice), and counting
        # here rather than per glyph costs nothing measurable (per glyph: 9 % of the read).
        self._glyphs += sum(len(item) for item in seq if isinstance(item, bytes))
        if self._glyphs > self._max_glyphs:
            self._count()
        super().render_string(textstate, seq, ncs, graphicstate)

    def paint_path(self, *args: Any, **kwargs: Any) -> None:
        self._count(1)  # rectangles and curves cost as much as glyphs
        super().paint_path(*args, **kwargs)

    def _count(self, shapes: int = 0) -> None:
        self._glyphs += shapes
        if self._glyphs > self._max_glyphs:
            raise over_limit(
                self._path,
                f"page {self.pageno} has more than {self._max_glyphs:,} glyphs and shapes",
                "glyphs_per_page",
            )

    def end_page(self, page: PDFPage) -> None:
        layout = self.cur_item
        assert isinstance(layout, LTPage)
        items = list(layout)
        chars: list[LTChar] = [item for item in items if type(item) is LTChar]
        others: list[LTComponent] = []
        if len(chars) < len(items):
            chars = []
            for item in items:
                if type(item) is LTChar:
                    chars.append(item)
                elif isinstance(item, LTFigure) and _wraps_page(item, layout):
                    # Some producers draw the whole page as one form: its text is the page's.
                    _unwrap(item, layout, chars, others)
                else:
                    others.append(item)
        chars, turned, unmapped = readable(chars)
        lines = list(layout.group_objects(LAYOUT, chars)) if chars else []
        self._page = _Page(layout.width, layout.height, lines, others, turned, unmapped)
        self.pageno += 1

    def page(self) -> _Page:
        assert self._page is not None
        return self._page


def _read_catalog(
    document: PDFDocument, max_chars: int, max_pages: int
) -> tuple[dict[str, str], Iterable[str | None]]:
    """The info dictionary (values over `max_chars` left out: they are only hints, and no
    title is that long) and page labels (None for each page past the labelled ones)."""
    info: dict[str, str] = {}
    for entry in document.info:
        for key, value in entry.items():
            value = resolve1(value)
            if not isinstance(value, bytes | str) or len(value) > 4 * max_chars:
                continue
            text = decode_text_safe(value).strip()
            if text and len(text) <= max_chars:
                info[key] = text
    labels: list[str | None] = []
    try:
        # get_page_labels() never ends (it numbers past the last page): take what we need.
        # Its /Count is the file's word, not a fact: 10^12 would be a list of 10^12 labels.
        count = min(_count_pages(document), max_pages + 1)
        labels = list(itertools.islice(document.get_page_labels(), count))
    except Exception:
        labels = []
    return info, itertools.chain(labels, itertools.repeat(None))


def _count_pages(document: PDFDocument) -> int:
    pages = resolve1(document.catalog.get("Pages"))
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    return int(count) if isinstance(count, int) else 0


def decode_text_safe(value: bytes | str) -> str:
    """A PDF text string as str (UTF-16 with BOM or PDFDocEncoding)."""
    return value if isinstance(value, str) else decode_text(value)


def _read_page(page: _Page, number: int, label: str | None) -> RawPage:
    lines = [RawLine(tuple(_glyphs(line)), number) for line in page.lines]
    rules: list[Rule] = []
    has_images = False
    figure_text: list[str] = []
    for item in page.others:
        if isinstance(item, LTCurve) and item.height < 2 and item.width > 20:
            rules.append(Rule(item.x0, item.x1, (item.y0 + item.y1) / 2))
        elif isinstance(item, LTFigure | LTImage):
            # Text inside figures (chart labels) is not body text: it is left out, and
            # counted as such by the fidelity measure.
            has_images = True
            if isinstance(item, LTFigure):
                figure_text.append(_figure_text(item))
    if page.turned:
        figure_text.append(page.turned)
    return RawPage(
        number=number,
        width=page.width,
        height=page.height,
        lines=tuple(line for line in lines if line.inked),
        rules=tuple(rules),
        label=label,
        has_images=has_images,
        figure_text=" ".join(text for text in figure_text if text),
        unmapped=page.unmapped,
    )


def _unwrap(figure: LTFigure, page: LTPage, chars: list[LTChar], others: list[LTComponent]) -> None:
    """A page-sized form's characters and objects, in stream order (line grouping needs it);
    a stack of iterators, not recursion, however deep the forms nest."""
    stack = [iter(figure)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif isinstance(item, LTChar):
            chars.append(item)
        elif isinstance(item, LTFigure) and _wraps_page(item, page):
            stack.append(iter(item))
        else:
            others.append(item)


def _wraps_page(figure: LTFigure, page: LTPage) -> bool:
    """A form covering most of the page holds the page itself, not a chart on it."""
    return figure.width * figure.height >= 0.5 * page.width * page.height


def _figure_text(figure: LTFigure) -> str:
    chars: list[str] = []
    stack: list[LTComponent] = [figure]
    while stack:
        item = stack.pop()
        if isinstance(item, LTChar):
            chars.append(item.get_text())
        elif isinstance(item, LTFigure):
            stack.extend(reversed(list(item)))
    return "".join(chars)


def _glyphs(line: LTTextLine) -> list[Glyph]:
    glyphs: list[Glyph] = []
    append = glyphs.append
    # Tens of thousands per paper: build the tuples directly, not through Glyph's constructor.
    new = tuple.__new__
    for item in line:
        if type(item) is LTChar:
            # For upright text the matrix's translation is the glyph origin: y is the baseline.
            text = item.get_text()
            append(new(Glyph, (text, item.fontname, item.size, item.x0, item.x1, item.matrix[5])))
        elif glyphs and type(item) is LTAnno and item.get_text() == " ":
            last = glyphs[-1]
            append(new(Glyph, (" ", last.font, last.size, last.x1, last.x1, last.baseline)))
    return glyphs
