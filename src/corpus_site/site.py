"""Stage 5: the whole site as `{path: markdown}`, from the corpus and its topic index.

Pure and deterministic: the same corpus gives byte-identical pages, so any MkDocs-compatible
builder can render them and golden tests can pin them. Both engines (the MkDocs plugin and
`zensical.py`) take their pages, assets and `<head>` tags from here.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Protocol
from urllib.parse import urljoin

from corpus_site.model import Corpus, Paper
from corpus_site.pages.cite import highwire_tags
from corpus_site.pages.home import HomeTopic, render_home, render_recommendations
from corpus_site.pages.markdown import PageParts, assemble_page, render_parts
from corpus_site.pages.paths import (
    ASSETS,
    HOME_PAGE,
    OPTIONAL_ASSETS,
    RECOMMENDATIONS_PAGE,
    paper_path,
    pdf_path,
    pdf_source,
    topic_path,
)
from corpus_site.topics.config import index_corpus
from corpus_site.topics.index import TopicIndex
from corpus_site.topics.links import paper_linker
from corpus_site.topics.pages import render_topic_pages


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


def add_head_tags(page_html: str, tags: str) -> str:
    """`page_html` with `tags` (from `citation_meta`) at the end of its `<head>`."""
    return page_html.replace("</head>", tags + "</head>", 1) if tags else page_html


class PageStore(Protocol):
    """Where `render_site` keeps the paper pages' parts between builds
    (runtime.cache.DocumentCache)."""

    def page_key(self, document: str, *inputs: str) -> str: ...
    def get_page(self, key: str) -> tuple[list[str], list[str]] | None: ...
    def put_page(self, key: str, head: Sequence[str], tail: Sequence[str]) -> None: ...


def render_site(
    corpus: Corpus, topics: TopicIndex | None = None, store: PageStore | None = None
) -> dict[str, str]:
    """Every generated page of the site, keyed by path under the docs folder.

    With a `topics.yml` in the corpus folder, the papers link to topic pages, which are added
    with a topics index; a malformed topics.yml raises MetadataError. The acronyms the papers
    define make a glossary and the pages' `abbr` definitions with topics or without. `topics`
    is the corpus' index when the caller has built it already (`topics.config.index_corpus`). With a
    `store`, a paper page's parts that its Document and the topic matcher decide are kept
    there and taken from there; its appendix, which quotes the other papers, is made anew.
    """
    if topics is None:
        topics = index_corpus(corpus)
    pages = {paper_path(paper): render_paper(paper, topics, store) for paper in corpus.papers}
    pages[HOME_PAGE] = render_home(corpus, home_topics(topics))
    pages[RECOMMENDATIONS_PAGE] = render_recommendations(corpus)
    if topics is not None:
        pages.update(render_topic_pages(topics))
    return dict(sorted(pages.items()))


HOME_TOPICS = 8


def home_topics(topics: TopicIndex | None) -> list[HomeTopic]:
    """The topics the home page lists: those mentioned in most passages, first in the
    configuration on a tie."""
    if topics is None:
        return []
    ranked = sorted(topics.topics, key=lambda t: -len(topics.mentions[t.id]))
    return [
        HomeTopic(topic.label, topic_path(topic.id), len(topics.mentions[topic.id]))
        for topic in ranked[:HOME_TOPICS]
        if topics.mentions[topic.id]
    ]


def render_paper(paper: Paper, topics: TopicIndex | None, store: PageStore | None = None) -> str:
    """A paper's page (`pages.markdown.render_document`), its parts from `store` when kept there."""
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
