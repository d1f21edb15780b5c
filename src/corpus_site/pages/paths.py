"""Every path the site publishes, and which files a paper's page links to.

A paper's page is `papers/<slug>.md` (URL `papers/<slug>/`), a topic's `topics/<id>.md`; the
assets and the generated pages beside them have fixed names. Nothing else names them.
"""

from __future__ import annotations

from pathlib import Path

from corpus_site.model import Paper

HOME_PAGE = "index.md"
RECOMMENDATIONS_PAGE = "recommendations.md"
TOPICS_DIR = "topics"
TOPICS_INDEX = f"{TOPICS_DIR}/index.md"
GLOSSARY_PAGE = "glossary.md"
# Pagefind's search page and its script (search_backend: pagefind).
SEARCH_PAGE = "search.md"
SEARCH_SCRIPT = "assets/corpus-site-pagefind.js"
SEARCH_SCRIPT_RESOURCE = "corpus-site-pagefind.js"
STYLESHEET = "assets/corpus-site.css"
SCRIPT = "assets/corpus-site.js"
# Published path -> packaged resource.
ASSETS = {STYLESHEET: "corpus-site.css", SCRIPT: "corpus-site.js"}
# Runs Material's search worker for pages opened from disk; only offline copies link it.
OFFLINE_WORKER = "assets/iframe-worker-local.js"
OPTIONAL_ASSETS = {OFFLINE_WORKER: "iframe-worker-local.js"}


def paper_path(paper: Paper) -> str:
    """Where a paper's page lives; its URL is `papers/<slug>/`."""
    return f"papers/{paper.meta.slug}.md"


def pdf_source(paper: Paper) -> Path | None:
    """The paper's original PDF, when the corpus holds it (as the source or named in `pdf`).

    `corpus.read_meta` refuses a `pdf` outside the corpus folder, missing or not a .pdf; this
    checks again, so that a Paper made elsewhere cannot publish a file from outside either.
    """
    folder = paper.source.parent
    if paper.source.suffix.lower() == ".pdf":
        candidate = paper.source
    elif paper.meta.pdf:
        candidate = folder / paper.meta.pdf
    else:
        return None
    try:
        target = candidate.resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL in the name
        return None
    inside = target.is_relative_to(folder.resolve())
    if inside and target.is_file() and candidate.suffix.lower() == ".pdf":
        return target
    return None


def pdf_path(paper: Paper) -> str:
    """Where the original PDF is published in the site."""
    return f"pdfs/{paper.meta.slug}.pdf"


def topic_path(topic_id: str) -> str:
    """Where a topic's page lives; its URL is `topics/<id>/`."""
    return f"{TOPICS_DIR}/{topic_id}.md"
