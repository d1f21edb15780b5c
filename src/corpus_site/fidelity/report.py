"""The per-paper report of `corpus-site check`: what the reader found, and what it doubted."""

from __future__ import annotations

from dataclasses import dataclass

from corpus_site.fidelity.measure import measure_paper
from corpus_site.model import (
    Diagnostic,
    FootnoteRef,
    ListBlock,
    Paper,
    Paragraph,
    block_passages,
    iter_blocks,
)


@dataclass(frozen=True)
class Report:
    source: str
    sections: int
    paragraphs: int
    lists: int
    items: int
    calls: int
    bodies: int
    missing_bodies: int
    page_markers: tuple[str, ...]
    fidelity: float | None
    diagnostics: tuple[Diagnostic, ...]
    # PDFs: shares of all the text pdfminer yields set aside as page furniture / left out.
    furniture: float | None = None
    left_out: float | None = None
    language: str | None = None

    def render(self) -> str:
        share = "n/a" if self.fidelity is None else f"{self.fidelity:.2%}"
        unit = "words" if self.furniture is None else "letters"
        pages = ", ".join(self.page_markers) or "none printed"
        lines = [
            f"{self.source}",
            f"  sections {self.sections}, paragraphs {self.paragraphs}, "
            f"lists {self.lists} ({self.items} items)",
            f"  footnote calls {self.calls}, bodies {self.bodies}, "
            f"calls without body {self.missing_bodies}",
            f"  page markers: {pages}",
            f"  {unit} reaching the page in order: {share}",
        ]
        if self.furniture is not None and self.left_out is not None:
            # Their own figures, so text misfiled as furniture or left out shows.
            lines += [
                f"  set aside as page furniture: {self.furniture:.2%}",
                f"  left out (table and chart text): {self.left_out:.2%}",
            ]
        lines += [f"  language: {self.language or 'n/a'}"]
        lines += [f"  warning: {self.source}:{d.line}: {d.message}" for d in self.diagnostics]
        return "\n".join(lines)


def report_paper(paper: Paper) -> Report:
    """Count a paper's structure and measure its fidelity (text sources)."""
    document = paper.document
    blocks = [block for _, block in iter_blocks(document)]
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    calls = sum(
        isinstance(part, FootnoteRef)
        for block in blocks
        for _, inlines in block_passages(block)
        for part in inlines
    )
    fidelity = measure_paper(paper)
    source = document.source_text
    return Report(
        source=str(paper.source),
        sections=len(document.sections),
        paragraphs=sum(1 for b in blocks if isinstance(b, Paragraph)),
        lists=len(lists),
        items=sum(len(b.items) for b in lists),
        calls=calls,
        bodies=sum(1 for note in document.footnotes if note.present),
        missing_bodies=sum(1 for note in document.footnotes if not note.present),
        page_markers=document.page_markers,
        fidelity=None if fidelity is None else fidelity.share,
        diagnostics=document.diagnostics,
        furniture=_share(source.furniture, source.total) if source else None,
        left_out=_share(source.left_out, source.total) if source else None,
        language=paper.meta.language,
    )


def _share(part: int, total: int) -> float:
    return part / total if total else 0.0
