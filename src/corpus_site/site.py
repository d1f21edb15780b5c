"""The whole site as `{path: markdown}`, and writing it to a folder.

Pure and deterministic: the same corpus gives byte-identical pages, so any MkDocs-compatible
builder can render them and golden tests can pin them.
"""

from __future__ import annotations

import html
import os
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Protocol
from urllib.parse import urljoin

from corpus_site.cite import highwire_tags
from corpus_site.corpus import Corpus, Paper
from corpus_site.markdown import PageParts, assemble_page, display_title, escape, render_parts
from corpus_site.model import ListBlock, Paragraph, plain_text
from corpus_site.topic_links import paper_linker
from corpus_site.topic_pages import render_topic_pages
from corpus_site.topics import TopicIndex, index_corpus

HOME_PAGE = "index.md"
STYLESHEET = "assets/corpus-site.css"
SCRIPT = "assets/corpus-site.js"
# Published path -> packaged resource.
ASSETS = {STYLESHEET: "corpus-site.css", SCRIPT: "corpus-site.js"}
# Runs Material's search worker for pages opened from disk; only offline copies link it.
OFFLINE_WORKER = "assets/iframe-worker-local.js"
OPTIONAL_ASSETS = {OFFLINE_WORKER: "iframe-worker-local.js"}
RECOMMENDATIONS_PAGE = "recommendations.md"
ABSTRACT_WORDS = 45


def paper_path(paper: Paper) -> str:
    """Where a paper's page lives; its URL is `papers/<slug>/`."""
    return f"papers/{paper.meta.slug}.md"


def pdf_source(paper: Paper) -> Path | None:
    """The paper's original PDF, when the corpus holds it (as the source or named in `pdf`)."""
    if paper.source.suffix.lower() == ".pdf":
        return paper.source
    if paper.meta.pdf:
        candidate = paper.source.parent / paper.meta.pdf
        if candidate.is_file() and candidate.suffix.lower() == ".pdf":
            return candidate
    return None


def pdf_path(paper: Paper) -> str:
    """Where the original PDF is published in the site."""
    return f"pdfs/{paper.meta.slug}.pdf"


def site_files(corpus: Corpus) -> dict[str, str | Path]:
    """The files a site needs beside its pages: the stylesheet and scripts (their text), and
    the original PDFs (their paths: a builder copies them, nothing holds a thousand PDFs in
    memory)."""
    package = resources.files("corpus_site.resources")
    files: dict[str, str | Path] = {
        published: package.joinpath(name).read_text("utf-8")
        for published, name in {**ASSETS, **OPTIONAL_ASSETS}.items()
    }
    for paper in corpus.papers:
        pdf = pdf_source(paper)
        if pdf is not None:
            files[pdf_path(paper)] = pdf
    return files


def citation_meta(paper: Paper, site_url: str | None) -> str:
    """The paper's Highwire `citation_*` tags as `<meta>` lines for its page's `<head>`."""
    pdf_url = urljoin(site_url or "", pdf_path(paper)) if pdf_source(paper) else None
    return "".join(
        f'<meta name="{name}" content="{html.escape(value, quote=True)}">\n'
        for name, value in highwire_tags(paper.meta, paper.document, pdf_url)
    )


class PageStore(Protocol):
    """Where `render_site` keeps the paper pages' parts between builds (cache.DocumentCache)."""

    def page_key(self, document: str, *inputs: str) -> str: ...
    def get_page(self, key: str) -> tuple[list[str], list[str]] | None: ...
    def put_page(self, key: str, head: Sequence[str], tail: Sequence[str]) -> None: ...


def render_site(
    corpus: Corpus, topics: TopicIndex | None = None, store: PageStore | None = None
) -> dict[str, str]:
    """Every generated page of the site, keyed by path under the docs folder.

    With a `topics.yml` in the corpus folder, the papers link to topic pages, which are added
    with a topics index and a glossary; a malformed topics.yml raises MetadataError. `topics`
    is the corpus' index when the caller has built it already (`topics.index_corpus`). With a
    `store`, a paper page's parts that its Document and the topic matcher decide are kept
    there and taken from there; its appendix, which quotes the other papers, is made anew.
    """
    if topics is None:
        topics = index_corpus(corpus)
    pages = {paper_path(paper): render_paper(paper, topics, store) for paper in corpus.papers}
    pages[HOME_PAGE] = render_home(corpus)
    pages[RECOMMENDATIONS_PAGE] = render_recommendations(corpus)
    if topics is not None:
        pages.update(render_topic_pages(topics))
    return dict(sorted(pages.items()))


def render_paper(paper: Paper, topics: TopicIndex | None, store: PageStore | None = None) -> str:
    """A paper's page (`markdown.render_document`), its parts from `store` when kept there."""
    pdf_href = f"../{pdf_path(paper)}" if pdf_source(paper) else None
    linker = paper_linker(topics, paper)
    key = None
    if store is not None and paper.key:
        matcher = topics.matcher.fingerprint if topics is not None else "-"
        key = store.page_key(paper.key, pdf_href or "-", matcher)
    stored = store.get_page(key) if store is not None and key else None
    if stored is not None:
        parts = PageParts(tuple(stored[0]), tuple(stored[1]))
    else:
        parts = render_parts(paper.document, paper.meta, pdf_href, linker)
        if store is not None and key:
            store.put_page(key, parts.head, parts.tail)
    appendix = linker.appendix() if linker is not None else []
    return assemble_page(parts, appendix, paper.document, pdf_href)


def render_recommendations(corpus: Corpus) -> str:
    """Every recommendation in the corpus, by paper, each linking to its place in the paper.

    Recommendations are the lists of a section whose heading names them.
    """
    lines = ["---", 'title: "Recommendations"', "---", "", "# Recommendations", ""]
    found = 0
    for paper in corpus.papers:
        sections = [
            s
            for s in paper.document.sections
            if "recommendation" in s.heading.lower()
            and any(isinstance(b, ListBlock) for b in s.blocks)
        ]
        if not sections:
            continue
        title = escape(display_title(paper.meta, paper.document))
        lines += [f"## [{title}]({paper_path(paper)}) {{ #{paper.meta.slug} }}", ""]
        for section in sections:
            lines += [f"### {escape(section.heading)} {{ #{paper.meta.slug}-{section.id} }}", ""]
            for block in section.blocks:
                if not isinstance(block, ListBlock):
                    continue
                for number, item in enumerate(block.items, start=1):
                    found += 1
                    target = f"{paper_path(paper)}#{item.id}"
                    label = f"[{escape(item.label)}]({target}){{ .item-label }}"
                    text = escape(plain_text(item.inlines), line_start=False)
                    lines += [f"{number}. {label} {text}", ""]
    if found:
        intro = f"{found} recommendations from the papers, each linked to its place in the paper."
        lines[6:6] = [intro, ""]
    else:
        lines += ["No paper in this corpus has a list of recommendations yet.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _abstract_opening(paper: Paper) -> str:
    for section in paper.document.sections:
        if section.heading.lower() == "abstract" or section is paper.document.sections[0]:
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    words = plain_text(block.inlines).split()
                    more = " …" if len(words) > ABSTRACT_WORDS else ""
                    return " ".join(words[:ABSTRACT_WORDS]) + more
    return ""


def render_home(corpus: Corpus) -> str:
    """The home page: every paper with title, journal, keywords and its abstract's opening."""
    count = len(corpus.papers)
    lines = [
        "---",
        'title: "Home"',
        "---",
        "",
        "# Papers in this corpus",
        "",
        f"{count} paper{'s' if count != 1 else ''} in this corpus.",
        "",
    ]
    for paper in corpus.papers:
        meta, document = paper.meta, paper.document
        title = escape(display_title(meta, document))
        lines += [f"## [{title}](papers/{meta.slug}.md) {{ #paper-{meta.slug} }}", ""]
        facts = []
        if meta.authors or document.authors:
            facts.append(", ".join(escape(a) for a in meta.authors or document.authors))
        if meta.journal:
            facts.append(f"*{escape(meta.journal)}*")
        if not meta.complete:
            facts.append("**Excerpt** (incomplete source)")
        if document.printed_title is None:
            facts.append("untitled in the source")
        if facts:
            lines += [" · ".join(facts), "{ .paper-facts }", ""]
        keywords = meta.keywords or document.keywords
        if keywords:
            lines += ["Keywords: " + ", ".join(escape(k, line_start=False) for k in keywords)]
            lines += ["{ .keywords }", ""]
        opening = _abstract_opening(paper)
        if opening:
            lines += [escape(opening), "{ .abstract-opening }", ""]
    return "\n".join(lines).rstrip() + "\n"


def write_tree(pages: dict[str, str], target: Path) -> None:
    """Write `pages` under `target`, each file atomically, with `\\n` endings."""
    for relative, text in pages.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".md")
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
