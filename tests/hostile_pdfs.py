"""Write small hostile PDFs byte by byte: reference cycles, bombs, floods of operators.

reportlab (tests/pdfgen.py) only writes well-formed files; these need objects placed by hand,
with a correct cross-reference table so that pdfminer reaches the hostile part.
"""

from __future__ import annotations

import zlib
from pathlib import Path

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
HELLO = b"BT /F1 12 Tf 72 700 Td (Hello from a hostile file) Tj ET"


def raw_pdf(objects: dict[int, bytes], path: Path) -> Path:
    """A PDF of the numbered object bodies (1 is the catalog), with its xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += (
            b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
        )
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    path.write_bytes(bytes(out))
    return path


def stream(data: bytes, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data)
        return (
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
        )
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def one_page(
    path: Path,
    content: bytes,
    resources: bytes = b"<< /Font << /F1 5 0 R >> >>",
    extra: dict[int, bytes] | None = None,
) -> Path:
    """A one-page PDF whose page has `content` (a stream object body) and `resources`."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources "
        + resources
        + b" >>",
        4: content,
        5: FONT,
        **(extra or {}),
    }
    return raw_pdf(objects, path)


def resources_cycle(path: Path) -> Path:
    """`/Resources 8 0 R`, where object 8 is `9 0 R` and object 9 is `8 0 R`."""
    return one_page(path, stream(HELLO), b"8 0 R", {8: b"9 0 R", 9: b"8 0 R"})


def self_length(path: Path) -> Path:
    """A content stream whose `/Length` is a reference to the stream itself."""
    body = b"<< /Length 4 0 R >>\nstream\n" + HELLO + b"\nendstream"
    return one_page(path, body)


def operator_flood(path: Path, operators: int = 2_000_000) -> Path:
    """One compressed content stream of `operators` text-showing operators on one page."""
    return one_page(path, stream(b"BT /F1 1 Tf 72 700 Td " + b"(a) Tj " * operators + b"ET", True))


def inflation_bomb(path: Path, mebibytes: int, hex_first: bool = False) -> Path:
    """A page whose content stream inflates to `mebibytes` MiB of spaces (about 1/1000 of
    that on disk), compressed in chunks so the test never holds the whole of it; with
    `hex_first`, the compressed bytes are hex-encoded: the chain is ASCIIHex, then Flate."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    data = b"".join(packer.compress(chunk) for _ in range(mebibytes)) + packer.flush()
    filters = b"/FlateDecode"
    if hex_first:
        data, filters = data.hex().encode() + b">", b"[/ASCIIHexDecode /FlateDecode]"
    body = b"<< /Length %d /Filter %s >>\nstream\n" % (len(data), filters)
    return one_page(path, body + data + b"\nendstream")


def many_pages(path: Path, count: int) -> Path:
    """`count` pages, each saying hello mid-page (body text, not a running head)."""
    kids = b" ".join(b"%d 0 R" % (10 + n) for n in range(count))
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        4: stream(HELLO.replace(b"72 700 Td", b"72 400 Td")),
        5: FONT,
    }
    for n in range(count):
        objects[10 + n] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"
        )
    return raw_pdf(objects, path)


def huge_page_count(path: Path) -> Path:
    """A one-page file whose page tree claims 10^12 pages, with page labels to number."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R /PageLabels << /Nums [0 << /S /D >>] >> >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1000000000000 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: stream(HELLO),
        5: FONT,
    }
    return raw_pdf(objects, path)


def shape_flood(path: Path, shapes: int = 200_000) -> Path:
    """One page of text and `shapes` tiny filled rectangles."""
    content = HELLO + b" " + b"1 1 0.5 0.5 re f " * shapes
    return one_page(path, stream(content, compress=True))


def runlength_bomb(path: Path, runs: int) -> Path:
    """A content stream of `runs` RunLength runs of 128 spaces each (2 bytes a run)."""
    data = b"\x81 " * runs + b"\x80"
    body = b"<< /Length %d /Filter /RunLengthDecode >>\nstream\n" % len(data)
    return one_page(path, body + data + b"\nendstream")
