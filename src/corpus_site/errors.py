"""One error family, each carrying the file (and line) it concerns, for one-line reports."""

from __future__ import annotations

import unicodedata
from pathlib import Path

# Characters that would break the line or hide in it: controls (a newline, an escape
# sequence), invisible format marks (a right-to-left override), the bytes of a name that is not
# UTF-8 (lone surrogates, which an encoder would refuse), line and paragraph separators.
_UNPRINTABLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


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
        """`file[:line[:column]]: message` on one line; unprintable characters of the file
        name (or of the message) are escaped, `\\n` for a newline."""
        where = escape_unprintable(str(self.path))
        if self.line:
            where += f":{self.line}" + (f":{self.column}" if self.column else "")
        message = " ".join(self.message.split())  # one line, whatever the cause said
        return f"{where}: {escape_unprintable(message)}"


class SourceError(CorpusError):
    """A paper's source (text or PDF) cannot be read."""


class MetadataError(CorpusError):
    """A paper's metadata file, or the topics file, is malformed."""


class BuildFailed(Exception):
    """The site builder (MkDocs) stopped; the message is its own."""


def escape_unprintable(text: str) -> str:
    """`text` with each control, format or separator character escaped as Python writes it
    (`\\n`, `\\x1b`, `\\u202e`), and each byte that was not UTF-8 as `\\xNN`."""
    if text.isprintable():
        return text
    return "".join(
        _escape(char) if unicodedata.category(char) in _UNPRINTABLE else char for char in text
    )


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
