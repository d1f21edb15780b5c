"""One error family, each carrying the file (and line) it concerns, for one-line reports."""

from __future__ import annotations

from pathlib import Path


class CorpusError(Exception):
    """Anything wrong with the corpus that the user can fix; never a bug in corpus-site."""

    def __init__(
        self, path: Path | str, message: str, line: int | None = None, column: int | None = None
    ) -> None:
        self.path = Path(path)
        self.message = message
        self.line = line
        self.column = column
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = str(self.path)
        if self.line:
            where += f":{self.line}" + (f":{self.column}" if self.column else "")
        return f"{where}: {' '.join(self.message.split())}"  # one line, whatever the cause said


class SourceError(CorpusError):
    """A paper's source (text or PDF) cannot be read."""


class MetadataError(CorpusError):
    """A paper's metadata file, or the topics file, is malformed."""


class BuildFailed(Exception):
    """The site builder (MkDocs) stopped; the message is its own."""
