"""One error family, each carrying the file (and line) it concerns, for one-line reports."""

from __future__ import annotations

from pathlib import Path


class CorpusError(Exception):
    """Anything wrong with the corpus that the user can fix; never a bug in corpus-site."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.message = message
        self.line = line
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class SourceError(CorpusError):
    """A paper's source (text or PDF) cannot be read."""


class MetadataError(CorpusError):
    """A paper's metadata file, or the topics file, is malformed."""
