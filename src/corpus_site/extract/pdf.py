"""Read a PDF into the document model through pdfminer.six's layout analysis.

The only module that imports pdfminer: it turns pdfminer's layout objects into plain glyph
records (`pdf_layout`), and every structural decision is made from their geometry there and
in `pdf_structure`. Bad files raise `SourceError` with one line saying what to do.
"""

from __future__ import annotations

import io
import itertools
import logging
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from pdfminer.ascii85 import ascii85decode, asciihexdecode
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
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import (
    LITERALS_ASCII85_DECODE,
    LITERALS_ASCIIHEX_DECODE,
    LITERALS_FLATE_DECODE,
    LITERALS_LZW_DECODE,
    LITERALS_RUNLENGTH_DECODE,
    PDFObjRef,
    PDFStream,
    resolve1,
)
from pdfminer.psexceptions import PSException
from pdfminer.utils import decode_text

from corpus_site.errors import SourceError
from corpus_site.extract.builder import build_document
from corpus_site.extract.pdf_layout import Glyph, RawLine, RawPage, Rule
from corpus_site.extract.pdf_lines import find_metadata, pdf_stream
from corpus_site.model import Document
from corpus_site.runtime.limits import DEFAULT_LIMITS, MIB, Limits, note_page, over_limit

# How pdfminer groups characters into text lines. `_LineAnalyzer` stops its layout analysis
# there (reading order is rebuilt from line geometry in pdf_layout), so boxes_flow only matters
# to `extract_text(laparams=LAYOUT)`, the nearest pdfminer equivalent the benchmark times:
# None skips the text-box hierarchy, its costliest step.
LAYOUT = LAParams(line_overlap=0.5, char_margin=2.0, word_margin=0.1, boxes_flow=None)
_TAIL_BYTES = 2048
# pdfminer logs every unknown font metric at WARNING; they are noise for our purposes.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def read_pdf(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """The paper in `path` as a Document, built from its page geometry."""
    pages, _ = _read_pages(path, limits)
    return build_document(pdf_stream(pages))


def read_pdf_metadata(path: Path, limits: Limits = DEFAULT_LIMITS) -> dict[str, str]:
    """Title, authors ("; "-joined) and journal from the first page and the info dictionary.

    For the corpus loader when no `.yml` gives them; keys are present only when found.
    """
    pages, info = _read_pages(path, limits, first_pages=2)
    return find_metadata(pages, info)


def _read_pages(
    path: Path, limits: Limits, first_pages: int = 0
) -> tuple[list[RawPage], dict[str, str]]:
    _check_bytes(path)
    pages: list[RawPage] = []
    budget = _StreamBudget(path, limits.stream_bytes)
    with path.open("rb") as handle, budget:
        # One parse of the file serves the catalog (info, page labels) and the pages.
        document = _open_document(path, handle)
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
        except PDFPasswordIncorrect as error:
            raise SourceError(
                path, "PDF is encrypted; decrypt it first with its password"
            ) from error
        except RecursionError as error:
            raise SourceError(
                path, "PDF is corrupt (its objects refer to themselves); re-export it"
            ) from error
        except (PSException, ValueError, KeyError, TypeError) as error:
            raise SourceError(
                path, f"PDF is corrupt ({error}); re-export or re-download it"
            ) from error
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

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        # Counted as they are made: a page of millions of text operators would otherwise
        # grow to gigabytes of layout objects before its end.
        self._count()
        width: float = super().render_char(*args, **kwargs)
        return width

    def paint_path(self, *args: Any, **kwargs: Any) -> None:
        self._count()  # rectangles and curves cost as much as glyphs
        super().paint_path(*args, **kwargs)

    def _count(self) -> None:
        self._glyphs += 1
        if self._glyphs > self._max_glyphs:
            raise over_limit(
                self._path,
                f"page {self.pageno} has more than {self._max_glyphs:,} glyphs and shapes",
                "glyphs_per_page",
            )

    def end_page(self, page: PDFPage) -> None:
        layout = self.cur_item
        assert isinstance(layout, LTPage)
        chars: list[LTChar] = []
        others: list[LTComponent] = []
        for item in layout:
            if isinstance(item, LTChar):
                chars.append(item)
            else:
                others.append(item)
        lines = list(layout.group_objects(LAYOUT, chars)) if chars else []
        self._page = _Page(layout.width, layout.height, lines, others)
        self.pageno += 1

    def page(self) -> _Page:
        assert self._page is not None
        return self._page


def _check_bytes(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - _TAIL_BYTES))
            tail = handle.read()
    except OSError as error:
        raise SourceError(path, f"cannot read PDF: {error.strerror}") from error
    if b"%PDF-" not in head:
        kind = "an HTML page" if head.lstrip()[:1] == b"<" else "some other kind of file"
        raise SourceError(path, f"not a PDF (no %PDF- header; it looks like {kind})")
    if b"%%EOF" not in tail:
        raise SourceError(path, "PDF is truncated (no %%EOF at the end); download it again")


class _Document(PDFDocument):
    """pdfminer's document, but an object that is only a reference to another one is
    followed here, with a check for cycles: `resolve1` (pdfminer.six 20260107) follows such
    chains without one, so `8 0 obj 9 0 R` and `9 0 obj 8 0 R` hang it for ever."""

    def getobj(self, objid: int) -> object:
        found = super().getobj(objid)
        seen = {objid}
        while isinstance(found, PDFObjRef):
            if found.objid in seen:
                raise ValueError(f"object {objid} is a cycle of references")
            seen.add(found.objid)
            found = super().getobj(found.objid)
        return found


class _StreamBudget:
    """The decoded bytes of one PDF's streams, counted against `limit` while it is read.

    pdfminer decodes a whole stream at once and has no size limit (20260107): 2 MB of zlib
    can inflate to gigabytes. While a budget is open, each stream is first decoded with its
    expanding stages bounded by what is left, and every decoded stream is counted.
    """

    active: _StreamBudget | None = None

    def __init__(self, path: Path, limit: int) -> None:
        self.path = path
        self.limit = limit
        self.spent = 0

    def __enter__(self) -> _StreamBudget:
        _StreamBudget.active = self
        return self

    def __exit__(self, *exc: object) -> None:
        _StreamBudget.active = None

    def check(self, stream: PDFStream) -> None:
        """Decode `stream` once with every expanding stage bounded by what is left, so a
        bomb is refused before it inflates, wherever it sits in the filter chain and
        encrypted or not; stages pdfminer does not decode end the check."""
        data = stream.rawdata
        if data is None:
            return
        if stream.decipher is not None:
            if stream.objid is None or stream.genno is None:
                return
            data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
        left = self.limit - self.spent
        for name, _ in stream.get_filters():
            try:
                if name in LITERALS_FLATE_DECODE:
                    data = zlib.decompressobj().decompress(data, left + 1)
                elif name in LITERALS_LZW_DECODE:
                    data = _bounded_lzw(data, left + 1)
                elif name in LITERALS_ASCIIHEX_DECODE:
                    data = asciihexdecode(data)
                elif name in LITERALS_ASCII85_DECODE:
                    data = ascii85decode(data)
                elif name in LITERALS_RUNLENGTH_DECODE:
                    data = _bounded_runlength(data, left + 1)
                else:
                    return  # images pdfminer passes on undecoded, or a filter it refuses
            except (zlib.error, ValueError, TypeError, PSException):
                return  # pdfminer decides what a damaged stream gives
            if len(data) > left:
                self.refuse()

    def spend(self, size: int) -> None:
        self.spent += size
        if self.spent > self.limit:
            self.refuse()

    def refuse(self) -> None:
        raise over_limit(
            self.path,
            f"its streams decode to more than {self.limit / MIB:,.0f} MB",
            "stream_bytes",
        )


def _bounded_runlength(data: bytes, most: int) -> bytes:
    """RunLength-decoded `data` (PDF 1.7, 7.4.5), stopping once longer than `most` bytes."""
    out = bytearray()
    position = 0
    while position < len(data) and len(out) <= most:
        length = data[position]
        if length == 128:
            break
        if length < 128:
            out += data[position + 1 : position + 2 + length]
            position += 2 + length
        else:
            out += data[position + 1 : position + 2] * (257 - length)
            position += 2
    return bytes(out)


def _bounded_lzw(data: bytes, most: int) -> bytes:
    """LZW-decoded `data`, stopping once it is longer than `most` bytes."""
    out = bytearray()
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        out += chunk
        if len(out) > most:
            break
    return bytes(out)


_decode = PDFStream.decode


def _decode_within_budget(stream: PDFStream) -> None:
    budget = _StreamBudget.active
    if budget is None:
        _decode(stream)
        return
    budget.check(stream)
    _decode(stream)
    budget.spend(len(stream.data or b""))


PDFStream.decode = _decode_within_budget  # type: ignore[method-assign,assignment]


def _open_document(path: Path, handle: BinaryIO) -> PDFDocument:
    """The parsed document; raises for encryption and corruption before any page is read."""
    try:
        return _Document(PDFParser(handle))
    except PDFPasswordIncorrect as error:
        raise SourceError(
            path, "PDF is encrypted; a password would help: decrypt it with the password first"
        ) from error
    except PDFEncryptionError as error:
        raise SourceError(
            path, f"PDF uses unsupported encryption ({error}); a password would not help"
        ) from error
    except RecursionError as error:
        raise SourceError(
            path, "PDF is corrupt (its objects refer to themselves); re-export it"
        ) from error
    except (PSException, ValueError, KeyError, TypeError) as error:
        raise SourceError(path, f"PDF is corrupt ({error}); re-export it") from error


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
    for item in page.others:
        if isinstance(item, LTCurve) and item.height < 2 and item.width > 20:
            rules.append(Rule(item.x0, item.x1, (item.y0 + item.y1) / 2))
        elif isinstance(item, LTFigure | LTImage):
            # Text inside figures (chart labels) is not body text: it is left out.
            has_images = True
    return RawPage(
        number=number,
        width=page.width,
        height=page.height,
        lines=tuple(line for line in lines if line.inked),
        rules=tuple(rules),
        label=label,
        has_images=has_images,
    )


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
