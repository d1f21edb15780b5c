"""Stage 2: readers turn a source into a Document, one reader per kind of file.

`read_source` is the one contract (`model.Reader`); the registry picks the reader by the file's
suffix, and imports it only when a file of its kind is read (pdfminer loads only for PDFs).
"""

from __future__ import annotations

from pathlib import Path

from corpus_site.model import Document, PaperMeta
from corpus_site.runtime.limits import DEFAULT_LIMITS, Limits


def _read_pdf(path: Path, meta: PaperMeta, limits: Limits) -> Document:
    from corpus_site.extract.pdf import read_pdf

    return read_pdf(path, limits, language=primary_language(meta.language))


def _read_text(path: Path, meta: PaperMeta, limits: Limits) -> Document:
    from corpus_site.extract.text import read_text

    return read_text(path, journal=meta.journal, language=primary_language(meta.language))


def primary_language(code: str | None) -> str | None:
    """A `.yml`'s `language` as the readers use it: "en-GB", "EN" -> "en"."""
    if not code:
        return None
    return code.strip().lower().replace("_", "-").split("-")[0] or None


_READERS = {".txt": _read_text, ".pdf": _read_pdf}
# The suffixes of the files a corpus folder holds papers in.
SOURCE_SUFFIXES = tuple(_READERS)


def read_source(path: Path, meta: PaperMeta, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read one source with the reader its suffix calls for (a `.txt` reader otherwise),
    within `limits` (the time limit is the worker pool's to keep)."""
    return _READERS.get(path.suffix.lower(), _read_text)(path, meta, limits)
