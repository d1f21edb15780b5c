"""Citations of a paper from what is known of it: plain text, BibTeX, RIS, Highwire tags.

Only known fields appear. A label (the editor's name for an untitled source) is never passed
off as a title: references to an untitled source say so.
"""

from __future__ import annotations

import re
from dataclasses import replace

from corpus_site.model import Document, PaperMeta


def _clean_meta(meta: PaperMeta) -> PaperMeta:
    """Metadata with every string on one line, so no field can break out of a code block."""
    changes: dict[str, object] = {}
    for name in ("title", "label", "journal", "volume", "issue", "pages", "doi", "url"):
        value = getattr(meta, name)
        if isinstance(value, str):
            changes[name] = " ".join(value.split())
    changes["authors"] = tuple(" ".join(a.split()) for a in meta.authors)
    changes["keywords"] = tuple(" ".join(k.split()) for k in meta.keywords)
    return replace(meta, **changes)  # type: ignore[arg-type]


def citable_title(meta: PaperMeta, document: Document) -> str | None:
    """The title to cite: printed (with its subtitle, "Title: Subtitle"), else confirmed by
    the editor; never the label."""
    title = document.printed_title or meta.title
    if title and document.printed_title and document.printed_subtitle:
        title = f"{title.rstrip(' :.')}: {document.printed_subtitle}"
    return " ".join(title.split()) if title else None


def paper_authors(meta: PaperMeta, document: Document) -> tuple[str, ...]:
    return tuple(" ".join(name.split()) for name in meta.authors or document.authors)


def plain_reference(meta: PaperMeta, document: Document) -> str:
    """A plain-text reference, e.g. `Title. *Journal* 38 (2), 2018: 33-49.` without markup."""
    meta = _clean_meta(meta)
    parts: list[str] = []
    authors = paper_authors(meta, document)
    if authors:
        parts.append(_join_names(authors) + ".")
    title = citable_title(meta, document)
    if title:
        parts.append(f"“{title.rstrip('.')}.”")
    else:
        label = f"; editorial label: {meta.label}" if meta.label else ""
        untitled = f"[No title in the source{label}]"
        parts.append(untitled + ".")
    venue = meta.journal or ""
    if meta.volume:
        venue += f" {meta.volume}"
    if meta.issue:
        venue += f" ({meta.issue})"
    if meta.year:
        venue += f", {meta.year}" if venue else str(meta.year)
    if meta.pages:
        venue += f": {meta.pages}" if venue else f"pp. {meta.pages}"
    if venue.strip():
        parts.append(venue.strip() + ".")
    if meta.doi:
        parts.append(f"https://doi.org/{meta.doi}")
    elif meta.url:
        parts.append(meta.url)
    if not meta.complete:
        parts.append("(Excerpt.)")
    return " ".join(parts)


def _join_names(names: tuple[str, ...]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _bibtex_value(value: str) -> str:
    """BibTeX-safe braces: escape characters that would end or break the field."""
    return re.sub(r"([{}\\%&$#_])", r"\\\1", value)


def bibtex(meta: PaperMeta, document: Document) -> str:
    """A BibTeX entry keyed by the paper's slug."""
    meta = _clean_meta(meta)
    fields: list[tuple[str, str]] = []
    authors = paper_authors(meta, document)
    if authors:
        fields.append(("author", " and ".join(authors)))
    title = citable_title(meta, document)
    if title:
        fields.append(("title", title))
    for key, value in (
        ("journal", meta.journal),
        ("volume", meta.volume),
        ("number", meta.issue),
        ("year", str(meta.year) if meta.year else None),
        ("pages", "--".join(filter(None, page_range(meta.pages))) if meta.pages else None),
        ("doi", meta.doi),
        ("url", meta.url),
    ):
        if value:
            fields.append((key, value))
    notes = []
    if not title:
        notes.append("untitled in the source")
    if not meta.complete:
        notes.append("excerpt")
    if notes:
        fields.append(("note", "; ".join(notes)))
    kind = "article" if meta.journal else "misc"
    body = ",\n".join(f"  {key} = {{{_bibtex_value(value)}}}" for key, value in fields)
    key = re.sub(r"[^A-Za-z0-9-]", "", meta.slug) or "paper"
    return f"@{kind}{{{key},\n{body}\n}}" if body else f"@{kind}{{{key}}}"


def ris(meta: PaperMeta, document: Document) -> str:
    """An RIS record (JOUR when the journal is known, else GEN)."""
    meta = _clean_meta(meta)
    lines = [f"TY  - {'JOUR' if meta.journal else 'GEN'}"]
    lines += [f"AU  - {name}" for name in paper_authors(meta, document)]
    title = citable_title(meta, document)
    if title:
        lines.append(f"TI  - {title}")
    for tag, value in (
        ("JO", meta.journal),
        ("VL", meta.volume),
        ("IS", meta.issue),
        ("PY", str(meta.year) if meta.year else None),
        ("DO", meta.doi),
        ("UR", meta.url),
    ):
        if value:
            lines.append(f"{tag}  - {value}")
    if meta.pages:
        first, last = page_range(meta.pages)
        lines.append(f"SP  - {first.strip()}")
        if last.strip():
            lines.append(f"EP  - {last.strip()}")
    lines += [f"KW  - {keyword}" for keyword in meta.keywords or document.keywords]
    if meta.language:
        lines.append(f"LA  - {meta.language}")
    if not title:
        lines.append("N1  - Untitled in the source")
    if not meta.complete:
        lines.append("N1  - Excerpt")
    lines.append("ER  - ")
    return "\n".join(re.sub(r"[\r\n]+", " ", line) for line in lines)


def highwire_tags(
    meta: PaperMeta, document: Document, pdf_url: str | None = None
) -> list[tuple[str, str]]:
    """`citation_*` meta tags that reference managers (Zotero and others) read."""
    tags: list[tuple[str, str]] = []
    title = citable_title(meta, document)
    if title:
        tags.append(("citation_title", title))
    tags += [("citation_author", name) for name in paper_authors(meta, document)]
    if meta.journal:
        tags.append(("citation_journal_title", meta.journal))
    if meta.volume:
        tags.append(("citation_volume", meta.volume))
    if meta.issue:
        tags.append(("citation_issue", meta.issue))
    if meta.year:
        tags.append(("citation_publication_date", str(meta.year)))
    if meta.pages:
        first, last = page_range(meta.pages)
        tags.append(("citation_firstpage", first.strip()))
        if last.strip():
            tags.append(("citation_lastpage", last.strip()))
    if meta.doi:
        tags.append(("citation_doi", meta.doi))
    keywords = meta.keywords or document.keywords
    if keywords:
        tags.append(("citation_keywords", "; ".join(keywords)))
    if meta.language:
        tags.append(("citation_language", meta.language))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    return tags


def page_range(pages: str) -> tuple[str, str]:
    """("95", "102") from "95-102" or "95–102" (a PDF prints either dash); ("7", "") for one."""
    first, _, last = re.sub("[\u2013\u2014]", "-", pages).partition("-")
    return first.strip(), last.strip()
