"""Every id and slug the site mints or reserves, in one place.

The same text always gives the same slug. The page writer's own anchors are reserved here so
that no section of a paper can take one and every module names them the same way.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Anchors of the headings the page writer adds itself: "Cite", "Related passages in the
# other papers", "Notes without a call in the text", and "Notes" over the list of notes.
CITE_ID = "cite"
RELATED_ID = "related-passages"
UNCALLED_NOTES_ID = "uncalled-notes"
NOTES_ID = "footnotes"
# A section of the paper never takes one of these, so a paper with a section called "Cite"
# (or "Footnotes") keeps its own anchor and the page's stays unambiguous.
PAGE_IDS = frozenset({CITE_ID, RELATED_ID, UNCALLED_NOTES_ID, NOTES_ID})
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


# The longest paper slug: `pdfs/<slug>.pdf` and `papers/<slug>.md` fit the 255-byte limit of a
# file name. A source's name has at most 255 bytes, so only a name whose slug grows under
# NFKD ("㎉" -> "kcal", where every build failed before the cut) exceeds it, and every URL
# that worked keeps working. (An offline copy's `papers/<slug>.html` is one byte longer: a
# stem of 251 letters cannot be copied offline, and says so in one line.)
MAX_SLUG_LENGTH = 255 - len(".pdf")
# Slugs a paper cannot take because a page under papers/ has that name: `papers/index.md`
# would be the folder's own page, URL `papers/`. Such a paper gets `<slug>-paper`.
RESERVED_PAPER_SLUGS = frozenset({"index"})
RESERVED_PAPER_SUFFIX = "-paper"


def paper_slug(stem: str) -> str:
    """A paper's URL name: its file name as a slug, or for a name without Latin letters or
    digits ("Россия"), `paper-` and a short hash of the name, so that two such papers differ.

    A reserved slug ("index") takes the suffix `-paper`; a slug over MAX_SLUG_LENGTH is cut
    and ends with a short hash of the name instead, so that two long names still differ.
    """
    stem = unicodedata.normalize("NFC", stem)
    # A name that is not UTF-8 holds its bytes as lone surrogates (os.fsdecode); hash them.
    digest = hashlib.sha256(stem.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    slug = slugify(stem, fallback="") or f"paper-{digest}"
    if slug in RESERVED_PAPER_SLUGS:
        return slug + RESERVED_PAPER_SUFFIX
    if len(slug) > MAX_SLUG_LENGTH:
        return slug[: MAX_SLUG_LENGTH - len(digest) - 1].rstrip("-") + f"-{digest}"
    return slug


def page_anchor(printed: str, count: int = 1) -> str:
    """The anchor of the `count`-th page printed `printed`: `page-38`, then `page-38-2`."""
    return f"page-{printed}" if count == 1 else f"page-{printed}-{count}"


def numbered_id(section_id: str, number: int) -> str:
    """The id of the `number`-th paragraph a section has published (`introduction-p2`)."""
    return f"{section_id}-p{number}"


# The section of what a paper prints before its first heading.
FRONT_SECTION_ID = "front"


def keywords_id(section_id: str) -> str:
    """The id of the paragraph printing the paper's keywords (`abstract-keywords`)."""
    return f"{section_id}-{KEYWORDS_SUFFIX}"


def list_item_id(section_id: str, list_number: int, key: str) -> str:
    """The id of a list item: `<section>-<key>` in a section's first list, then
    `<section>-list2-<key>`; `key` is the item's label (`iii`) or `item3` for a bullet."""
    prefix = section_id if list_number == 1 else f"{section_id}-list{list_number}"
    return f"{prefix}-{key}"


def note_key(number: str) -> str:
    """The footnote label for note `number`: its `<li>` has the id `fn:<key>`."""
    return re.sub(r"[^A-Za-z0-9-]", "", number) or "note"


def note_anchor(number: str) -> str:
    """The id of note `number` on its page."""
    return f"fn:{note_key(number)}"
