"""Pagefind as the search of large corpora: which part of a page it indexes, and running it.

Material's search fetches one index holding every word of the corpus before it can answer
(tens of MB at a thousand papers). Pagefind (https://pagefind.app) splits its index into small
compressed chunks and fetches only those a query needs. corpus-site uses it like this:

- only paper pages are indexed, each from its article (`data-pagefind-body`), without the
  "Related passages" quotes of the other papers and the "Cite" blocks (`data-pagefind-ignore`),
  so a result is a paper and every hit in it is the paper's own text;
- Pagefind splits a result into sub-results at headings with ids; the search page's script
  (resources/corpus-site-pagefind.js) splits it at the paragraphs and list items instead,
  which carry stable ids (`#introduction-p2`, `#policy-recommendations-iii`), so a result
  lands on the passage, as it does with corpus-site's Material index (records.py);
- the search page (`search/`) holds Pagefind's default UI.

No MkDocs here: the plugin calls `mark_paper_page` on each paper's HTML and `index_site` after
the build.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

from corpus_site.errors import BuildFailed
from corpus_site.ids import RELATED_ID

BUNDLE = "pagefind"
SEARCH_PAGE = "search.md"
SEARCH_SCRIPT = "assets/corpus-site-pagefind.js"
SEARCH_SCRIPT_RESOURCE = "corpus-site-pagefind.js"
SEARCH_ELEMENT = "corpus-search"
INSTALL_HINT = "pip install 'corpus-site[pagefind]'"
# Marks that are not the paper's words: permalinks, footnote numbers and back links,
# printed page numbers in the margin.
EXCLUDE_SELECTORS = (".headerlink", ".footnote-ref", ".footnote-backref", ".page-marker")
CITE_ID = "cite"

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')
_FOOTNOTES = '<div class="footnote">'


def search_page_markdown(title: str = "Search") -> str:
    """The search page: a heading and the element that the script fills with Pagefind's UI."""
    return (
        f"# {title}\n\n"
        f'<div id="{SEARCH_ELEMENT}" class="corpus-search">'
        "<noscript>Search needs JavaScript.</noscript></div>\n"
    )


def mark_paper_page(html: str) -> str:
    """`html` with its article as Pagefind's indexed region, minus other papers' quotes.

    The part from "Related passages" (or "Cite", when a paper has no related passages) up to
    the footnotes is wrapped in a `data-pagefind-ignore="all"` block; the footnotes stay.
    A page without Material's article element is returned unchanged.
    """
    match = _ARTICLE.search(html)
    if match is None:
        return html
    start = match.end()
    html = f"{html[:start]} data-pagefind-body{html[start:]}"
    end_of_article = html.find("</article>", start)
    if end_of_article < 0:
        return html
    skip = -1
    for section in (RELATED_ID, CITE_ID):
        skip = html.find(f'<h2 id="{section}"', start, end_of_article)
        if skip >= 0:
            break
    if skip < 0:
        return html
    footnotes = html.find(_FOOTNOTES, skip, end_of_article)
    stop = footnotes if footnotes >= 0 else end_of_article
    return f'{html[:skip]}<div data-pagefind-ignore="all">{html[skip:stop]}</div>\n{html[stop:]}'


def pagefind_available() -> bool:
    """Whether the `pagefind` Python package (and so `python -m pagefind`) is installed."""
    return importlib.util.find_spec("pagefind") is not None


def index_site(site_dir: Path) -> str:
    """Run Pagefind over a built site; it writes its bundle to `site_dir/pagefind/`.

    Returns Pagefind's summary ("Indexed 2 pages" …). Raises BuildFailed when Pagefind is
    not installed or fails.
    """
    if not pagefind_available():
        raise BuildFailed(f"search_backend 'pagefind' needs Pagefind: {INSTALL_HINT}")
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        BUNDLE,
        "--exclude-selectors",
        ", ".join(EXCLUDE_SELECTORS),
        "--quiet",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise BuildFailed(f"Pagefind could not start ({error}); {INSTALL_HINT}") from error
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        last = detail[-1] if detail else f"exit code {done.returncode}"
        raise BuildFailed(f"Pagefind failed on {site_dir}: {last}")
    return done.stdout.strip()
