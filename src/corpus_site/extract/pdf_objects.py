"""Open a PDF's objects and streams within bounds: the file checked before parsing, references
followed with a check for cycles, and streams decoded against a budget of bytes, so a hostile
file is a one-line SourceError, never a hang or gigabytes of memory.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path
from typing import BinaryIO

from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import (
    LITERALS_ASCII85_DECODE,
    LITERALS_ASCIIHEX_DECODE,
    LITERALS_FLATE_DECODE,
    LITERALS_LZW_DECODE,
    LITERALS_RUNLENGTH_DECODE,
    PDFObjRef,
    PDFStream,
)
from pdfminer.psexceptions import PSException

from corpus_site.errors import SourceError
from corpus_site.runtime.limits import MIB, over_limit

_TAIL_BYTES = 2048


def check_bytes(path: Path) -> None:
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


class StreamBudget:
    """The decoded bytes of one PDF's streams, counted against `limit` while it is read.

    pdfminer decodes a whole stream at once and has no size limit (20260107): 2 MB of zlib
    can inflate to gigabytes. While a budget is open, each stream is first decoded with its
    expanding stages bounded by what is left, and every decoded stream is counted.
    """

    active: StreamBudget | None = None

    def __init__(self, path: Path, limit: int) -> None:
        self.path = path
        self.limit = limit
        self.spent = 0

    def __enter__(self) -> StreamBudget:
        StreamBudget.active = self
        return self

    def __exit__(self, *exc: object) -> None:
        StreamBudget.active = None

    def check(self, stream: PDFStream) -> bytes | None:
        """Decode `stream` once with every expanding stage bounded by what is left, so a
        bomb is refused before it inflates, wherever it sits in the filter chain and
        encrypted or not; stages pdfminer does not decode end the check. The decoded bytes
        when this decoding is the whole of pdfminer's (no predictor, no stage left), so
        the stream is not decoded twice; else None."""
        data = stream.rawdata
        if data is None:
            return None
        if stream.decipher is not None:
            if stream.objid is None or stream.genno is None:
                return None
            data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
        left = self.limit - self.spent
        whole = True
        for name, params in stream.get_filters():
            whole = whole and not (params and "Predictor" in params)
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
                    return None  # images pdfminer passes on undecoded, or a filter it refuses
            except (zlib.error, ValueError, TypeError, PSException):
                return None  # pdfminer decides what a damaged stream gives
            if len(data) > left:
                self.refuse()
        return data if whole else None

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
            if position + 2 + length > len(data):
                raise ValueError("truncated RunLength run")  # pdfminer decides what it gives
            out += data[position + 1 : position + 2 + length]
            position += 2 + length
        else:
            if position + 2 > len(data):
                raise ValueError("truncated RunLength run")
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
    budget = StreamBudget.active
    if budget is None:
        _decode(stream)
        return
    decoded = budget.check(stream)
    if decoded is None:
        _decode(stream)
    else:
        stream.data, stream.rawdata = decoded, None
    budget.spend(len(stream.data or b""))


PDFStream.decode = _decode_within_budget  # type: ignore[method-assign,assignment]


# What pdfminer raises on a damaged or hostile file, whether opening it or reading a page.
READ_ERRORS = (PDFEncryptionError, RecursionError, PSException, ValueError, KeyError, TypeError)


def reading_error(path: Path, error: BaseException) -> SourceError:
    """The one line a damaged, hostile or encrypted file is reported with."""
    if isinstance(error, PDFPasswordIncorrect):
        return SourceError(
            path, "PDF is encrypted; a password would help: decrypt it with the password first"
        )
    if isinstance(error, PDFEncryptionError):
        return SourceError(
            path, f"PDF uses unsupported encryption ({error}); a password would not help"
        )
    if isinstance(error, RecursionError):
        return SourceError(path, "PDF is corrupt (its objects refer to themselves); re-export it")
    return SourceError(path, f"PDF is corrupt ({error}); re-export or re-download it")


def open_document(path: Path, handle: BinaryIO) -> PDFDocument:
    """The parsed document; raises for encryption and corruption before any page is read."""
    try:
        return _Document(PDFParser(handle))
    except READ_ERRORS as error:  # PDFPasswordIncorrect is a PDFEncryptionError
        raise reading_error(path, error) from error
