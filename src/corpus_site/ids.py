"""Stable, readable ids and URLs: the same text always gives the same slug."""

from __future__ import annotations

import re
import unicodedata

# Ids the page writer gives headings of its own ("Cite", "Related passages in the other
# papers", "Notes without a call in the text"): a section of the paper never takes one, so a
# paper with a section called "Cite" keeps its own anchor and the page's stays unambiguous.
PAGE_IDS = frozenset({"cite", "related-passages", "uncalled-notes"})


def slugify(text: str, fallback: str = "section") -> str:
    """Lower-case ASCII words joined by hyphens ("Russia's Role" -> "russias-role")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['\u2019]", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug or fallback


def unique_id(candidate: str, used: set[str]) -> str:
    """`candidate`, or `candidate-2`, `-3`… if taken; records the id as used."""
    result = candidate
    counter = 2
    while result in used:
        result = f"{candidate}-{counter}"
        counter += 1
    used.add(result)
    return result
