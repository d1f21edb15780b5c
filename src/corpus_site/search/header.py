"""The header link that replaces Material's search box when Pagefind answers the queries."""

from __future__ import annotations

import functools
import re
from importlib import resources

_HEADER_END = re.compile(r"(<header\b.*?)(</nav>)", re.DOTALL)


def add_search_link(html: str, href: str) -> str:
    """A magnifier in Material's header, where its search box was, linking to the search page."""
    icon = _search_icon()
    link = (
        f'<a class="md-header__button md-icon corpus-search-link" href="{href}" '
        f'title="Search" aria-label="Search">{icon}</a>\n  '
    )
    return _HEADER_END.sub(lambda m: m.group(1) + link + m.group(2), html, count=1)


@functools.cache
def _search_icon() -> str:
    """Material's own magnifier icon (the one its search button uses), or a word without it."""
    try:
        icon = resources.files("material").joinpath("templates/.icons/material/magnify.svg")
        return icon.read_text("utf-8").strip()
    except (ModuleNotFoundError, OSError):
        return "Search"
