"""Every id and slug the site mints or reserves, in one place.

The same text always gives the same slug. The page writer's own anchors are reserved here so
that no section of a paper can take one and every module names them the same way.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Anchors of the headings the page writer adds itself: "Cite", "Related passages in the
# other papers", "Notes without a call in the text".
CITE_ID = "cite"
RELATED_ID = "related-passages"
UNCALLED_NOTES_ID = "uncalled-notes"
# A section of the paper never takes one of these, so a paper with a section called "Cite"
# keeps its own anchor and the page's stays unambiguous.
PAGE_IDS = frozenset({CITE_ID, RELATED_ID, UNCALLED_NOTES_ID})
# The paragraph printing the paper's keywords ends its id with this; it is no passage.
KEYWORDS_SUFFIX = "keywords"


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


def paper_slug(stem: str) -> str:
    """A paper's URL name: its file name as a slug, or for a name without Latin letters or
    digits ("Россия"), `paper-` and a short hash of the name, so that two such papers differ."""
    stem = unicodedata.normalize("NFC", stem)
    return slugify(stem, fallback="") or "paper-" + hashlib.sha256(stem.encode()).hexdigest()[:8]


def keywords_id(section_id: str) -> str:
    """The id of the keywords paragraph in the section `section_id`."""
    return f"{section_id}-{KEYWORDS_SUFFIX}"


def is_keywords_id(block_id: str) -> bool:
    """Whether `block_id` names a keywords paragraph (see `keywords_id`)."""
    return block_id.endswith(f"-{KEYWORDS_SUFFIX}")
