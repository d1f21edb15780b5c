"""Write pdfminer-style text for crafted tests, the way pdfminer prints a journal page."""

from __future__ import annotations

RULE = " " * 48


def printed(*lines: str) -> str:
    """Printed lines separated by one empty line, as pdfminer's extract_text gives them."""
    return "\n\n".join(lines) + "\n"


def page_break(head: str, page: int, notes: tuple[str, ...] = ()) -> list[str]:
    """The lines that end a page (rule and notes) and open the next (running head, number)."""
    lines = [RULE, *notes] if notes else []
    return [*lines, head + " ", f"{page} "]
