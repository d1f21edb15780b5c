"""What a PDF prints about its own publication: journal, year, volume, issue, pages, DOI, URN.

Pure functions over the text lines of the first pages, for the page header, the Cite block and
the Highwire tags when no `.yml` says where a paper appeared. Evidence is weighed as a careful
reader would: a repository cover sheet's suggested citation (or a "Cite as" block), then the
masthead, running-head and footer lines at the top and bottom of the pages, then a DOI in the
first page's front matter, then the info dictionary. Mid-page lines are body text or footnotes,
whose citations are of other works, so they are not read. Every pattern is linear on hostile
text (no nested quantifiers) and sees at most `MAX_LINE` characters of a line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

MAX_LINE = 500
# How many lines at the top and at the bottom of a page can be masthead or page furniture.
EDGE = 6
_MAX_PAGES = 4
_PAGE_LINES = 200
_YEAR = r"(?:1[89]\d\d|20\d\d|2100)"
_DASH = r"\s?[-–—]\s?"
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "januar|jänner|februar|märz|mai|juni|juli|oktober|dezember"
)

# A repository's cover sheet is made of a few fixed phrases; two of them make one.
_COVER_MARKS = re.compile(
    r"www\.ssoar\.info|empfohlene zitierung|suggested citation|nutzungsbedingungen|terms of use|"
    "zur verfügung gestellt in kooperation mit|provided in cooperation with|econstor|"
    "diese version ist zitierbar unter|this version is citable under|"
    "veröffentlichungsversion / published version|erstveröffentlichung / primary publication"
)
_CITE_MARK = re.compile(
    r"(?i)^(?:(?:empfohlene zitierung|suggested citation|zitiervorschlag|zitierweise|cite as|"
    r"please cite|bitte [a-zäöü ]{0,30}zitieren)\b[^:]{0,40}|citation\s?)(?::|$)"
)
_CITABLE_UNDER = re.compile(r"(?i)citable under|zitierbar unter")
_BLOCK_START = re.compile(r"(?i)^(?:abstract|zusammenfassung|summary|key ?words|schlagwörter)\b")

_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"]+")
_DOI_LABEL = re.compile(r"(?i)(?:\bdoi\b\s?:?\s?|doi\.org/)$")
_URL = re.compile(r"https?://[^\s\"<>]+")
_URN = re.compile(r"(?i)\burn:[a-z0-9][a-z0-9-]{1,31}:[\w.:/~%+-]+")
_RESOLVER = re.compile(r"(?i)urn:|hdl\.handle\.net/")
_ISSN = re.compile(r"(?i)\bIS[SB]N(?:-L)?\b[^\d]{0,12}\d[\dX –-]{7,20}|\b\d{4}-\d{3}[Xx]\b")
_ISSN_NAME = re.compile(
    r"(?i)\bISSN\b[^(]{0,30}\((?!(?:print|online|electronic|druck|internet)\b)(?P<name>[^()]{3,120})\)"
)

# The numbers of a citation, most specific first; each match claims its text from the rest.
_VOLUME_LABEL = r"(?i:\b(?:vol(?:ume)?|jg|jahrg(?:ang)?|bd|band)\b)"
_ISSUE_LABEL = r"(?i:\b(?:no|nr|issue|heft|nummer|ausgabe)\b)"
_VOLUME_AFTER = r"\d{1,3}\.\s?(?i:jahrgang|jg\.)"
_NUMBERS = [
    re.compile(r"\b(?P<v>\d{1,3})\.\s?(?i:jahrgang|jg\.)"),  # 23. Jahrgang, before "Jahrgang 2012"
    re.compile(  # Vol. 12, Jg. 24 (2011), Volume 8 (3)
        _VOLUME_LABEL + r"\.?\s?(?P<v>\d{1,4})(?![\d/])"
        r"(?:\s?\((?:(?P<y>" + _YEAR + r")|(?P<i>\d{1,3}(?:[-/]\d{1,3})?))\))?"
    ),
    re.compile(  # No. 3, Heft 4-2015, Nr. 6/1998
        _ISSUE_LABEL + r"\.?\s?(?:(?P<i>\d{1,4})\s?[-/]\s?(?P<y>" + _YEAR + r")(?!\d)"
        r"|(?P<j>\d{1,4}(?:[-/]\d{1,2}(?!\d))?))"
    ),
    re.compile(r"\b(?P<v>\d{1,4})/(?P<i>\d{1,3})\s?\((?P<y>" + _YEAR + r")\)"),  # 8/2 (2007)
    re.compile(  # 10 (2015), 4 and 13(2005)1
        r"\b(?P<v>\d{1,4})(?:\.\d{4})?\s?\((?P<y>" + _YEAR + r")\)"
        r"(?:,?\s?(?P<i>\d{1,3})\b(?!" + _DASH + r"\d))?"
    ),
    re.compile(r"\b(?P<v>\d{1,4})(?:\.\d{4})?\s?\((?P<i>\d{1,3}(?:[-/]\d{1,3})?)\)"),  # 17(1)
    re.compile(r"(?<![\d/.])(?P<i>\d{1,3})\s?/\s?(?P<y>" + _YEAR + r")(?![\d/])"),  # 2/2011
    re.compile(r"(?<![\d/.])(?P<y>" + _YEAR + r")/(?P<i>\d{1,2})(?![\d/])"),  # 2007/2
]
_YEAR_SPAN = re.compile(r"\d\d(\d\d)/(\d\d)")
_VOLUME_FIRST = re.compile(rf"(?:{_YEAR},?\s)?(?:{_VOLUME_LABEL}|{_VOLUME_AFTER})")
_LABEL_FIRST = re.compile(
    rf"^[\s,;:.]*(?:{_YEAR},?\s)?(?:{_VOLUME_LABEL}|{_ISSUE_LABEL}|{_VOLUME_AFTER})"
)
_YEAR_PARENS = re.compile(r"\((?:[A-Za-zÄÖÜäöü]{3,10}\.?\s)?(" + _YEAR + r")\)")
_YEAR_BARE = re.compile(r"(?<![\w/.–-])(" + _YEAR + r")(?![\w/–-])")
_PAGES_LABELLED = re.compile(
    r"(?<!\w)(?:(?i:pp\.?|p\.|pages?|seiten?)|S\.)\s?"
    r"(?P<first>\d{1,5})(?P<dash>" + _DASH + r")(?P<last>\d{1,5})(?!\d)"
)
_PAGES_BARE = re.compile(
    r"[,:]\s?(?P<first>\d{1,5})(?P<dash>" + _DASH + r")(?P<last>\d{1,5})(?![\d/–-]|\.\d)"
)
_SERIES = re.compile(r"\((?P<name>[A-Za-zÄÖÜäöü][^()]{2,100}?)[;,]?\s(?P<number>\d{1,4})\)")
_COPYRIGHT = re.compile(r"(?i)(?:©|\(c\)|copyright)\s?(?:by\s)?(" + _YEAR + r")\b")
_DATE_LINE = re.compile(rf"(?i)^(?:\d{{1,2}}\.\s?)?(?:{_MONTHS})\s({_YEAR})$")
_YEAR_LINE = re.compile(rf"^(?:(?i:{_MONTHS})\s)?{_YEAR}$")

# What marks a line as a citation of another work (a footnote, a reference), not a masthead.
_REFERENCE = re.compile(
    r"(?i)\bin:|\bin\s*$|\bvgl\.|\bsiehe\b|\bsee\b|\bcf\.|\bhrsg\.|\beds?\.|\bet al\b|[“”„\"«»]"
)
_IN = re.compile(r"(?i)\bin:\s?")
_AUTHOR_YEAR = re.compile(rf"[^\W\d]\.?,?\s?\({_YEAR}[a-z]?\)")
_TITLE_END = re.compile(r"[.?!]\s")
_WORD = re.compile(r"[^\W\d_]{2,}")
_BOOK = re.compile(r"(?i)\((?:hrsg|eds?|ed)\.?\)")
_CONTINUATION = re.compile(r"^(?:and|or|of|the|und|oder|der|die|das|des|in|for|für|zur|zum)\b")
_TAIL_WORD = re.compile(
    rf"(?i)(?:\b(?:{_MONTHS}|vol|volume|jg|jahrgang|bd|band|heft|no|nr|issue|nummer)"
    rf"|\b{_YEAR}|\b[a-z]{{3,4}}\./[a-z]{{3,4}}|[\s,;:./–—-])\.?$"
)
_NAME_END = re.compile(r"(?i)\s?\((?:issn|isbn)[^)]{0,40}\)|\s(?:copyright|©|\(c\))")
_TRAILING = ".,;:'\"»”’}"
_OPENER = {")": "(", "]": "[", ">": "<"}


@dataclass(frozen=True)
class _Evidence:
    """Fields read in one place, and how far that place is trusted: 10 a cover sheet's
    citation, 6 a "Cite as" block, 4 a masthead line that recurs on the other pages (a
    running head), 2 one that does not, 3 or 1 the journal named on the line above it,
    1 a front-matter DOI or an ISSN's series title, 0 a copyright or date line, -1 the info
    dictionary."""

    score: int
    fields: dict[str, str]


def is_cover_sheet(lines: Sequence[str]) -> bool:
    """A repository's cover page (SSOAR's "Empfohlene Zitierung / Suggested Citation",
    "Nutzungsbedingungen / Terms of use", etc.) — page furniture, not the article."""
    text = " ".join(_clean(line) for line in lines[:_PAGE_LINES]).lower()
    return len(set(_COVER_MARKS.findall(text))) >= 2


def printed_fields(pages: Sequence[Sequence[str]], info: Mapping[str, str]) -> dict[str, str]:
    """journal, year, volume, issue, pages ("first–last" or "first-last"), doi, and url/urn
    where printed"""
    read = [_bounded(page) for page in pages[:_MAX_PAGES]]
    covers = [is_cover_sheet(page) for page in read]
    evidence = [
        _Evidence(10 if cover else 6, _parse_citation(text))
        for page, cover in zip(read, covers, strict=True)
        for text in _citation_blocks(page, cover)
    ]
    article = [page for page, cover in zip(read, covers, strict=True) if not cover]
    for index, page in enumerate(article):
        others = "\n".join("\n".join(other) for other in article[:index] + article[index + 1 :])
        evidence += _page_evidence(page, others.lower(), title_page=index == 0)
    if article:
        evidence += [_Evidence(1, {"doi": doi}) for doi in _front_matter_dois(article[0])]
    evidence.append(_Evidence(-1, _info_fields(info)))
    return _merge(evidence)


def _bounded(lines: Sequence[str]) -> list[str]:
    """The lines of a page worth reading (its top and bottom), each cut to `MAX_LINE`."""
    if len(lines) > 2 * _PAGE_LINES:
        lines = [*lines[:_PAGE_LINES], *lines[-_PAGE_LINES:]]
    return [_clean(line) for line in lines]


def _clean(line: str) -> str:
    line = re.sub(r"\(cid:\d{1,5}\)", " ", str(line)[:MAX_LINE]).replace("\u00ad", "")
    return " ".join(line.split())


def _citation_blocks(lines: list[str], cover: bool) -> Iterator[str]:
    """Each suggested-citation block as one text, and on a cover sheet the line naming the
    URL the paper is citable under. Article pages are read only in their front matter."""
    for index, line in enumerate(lines if cover else lines[:60]):
        mark = _CITE_MARK.match(line)
        if cover and _CITABLE_UNDER.search(line):
            yield " ".join(lines[index : index + 2])
        elif mark and (len(line) < 60 or line[mark.end() - 1 :].startswith(":")):
            text = line[mark.end() :].strip()
            for following in lines[index + 1 : index + 7]:
                if _starts_block(following):
                    break
                text = _join(text, following)
            yield text


def _starts_block(line: str) -> bool:
    """A heading, another citation mark or a label line ("Terms of use:") ends a block."""
    label = line.endswith(":") and len(line.split()) <= 3
    return label or bool(_BLOCK_START.match(line) or _CITE_MARK.match(line))


def _join(text: str, line: str) -> str:
    """`line` after `text`, a URL broken at "/" or "-" (or a hyphenated word) made whole."""
    urlish = any(mark in text.rsplit(" ", 1)[-1] for mark in "/:")
    if text.endswith("/") or (text.endswith("-") and urlish):
        return text + line
    if text.endswith("-") and line[:1].islower() and not _CONTINUATION.match(line):
        return text + line
    return f"{text} {line}".strip()


def _page_evidence(lines: list[str], others: str, title_page: bool) -> list[_Evidence]:
    """What the lines at the top and bottom of an article page say; `others` is the text
    of the other pages, where a running head recurs."""
    found: list[_Evidence] = []
    tops = range(min(EDGE, len(lines)))
    for index in [*tops, *range(max(len(lines) - EDGE, len(tops)), len(lines))]:
        text, following = lines[index], lines[index + 1 : index + 2] or [""]
        if len(text) < 40 and _YEAR_LINE.match(following[0]):  # "Nummer 9" over "2008"
            text = f"{text} {following[0]}"
        previous = lines[index - 1] if index else ""
        found += _line_evidence(text, previous, others, title_page)
    return found


def _line_evidence(text: str, previous: str, others: str, title_page: bool) -> list[_Evidence]:
    """A masthead line's fields; a line that recurs on the other pages counts for more."""
    if _IN.search(previous[-60:]):
        return []  # the rest of a reference that began on the line before
    found = []
    identifiers = _identifiers(text)
    if identifiers and not _cites_another_work(_bare(text)):
        recurs = any(value.lower() in others for value in identifiers.values())
        found.append(_Evidence(4 if recurs else 2, identifiers))
    series = _ISSN_NAME.search(text)  # "ISSN 0949-8516 (Duisburger Beiträge ...)"
    if series and _journal_name(series["name"]):
        found.append(_Evidence(1, {"journal": series["name"].strip()}))
    fields, prefix = _numbers_of(text, citation=False)
    if prefix is None:
        # A title page's date line ("November 2001") dates the paper; an imprint's may not.
        year = _COPYRIGHT.search(text) or (_DATE_LINE.match(text) if title_page else None)
        return [*found, _Evidence(0, {"year": year[1]})] if year else found
    journal = _journal_name(prefix)
    if _WORD.search(prefix) and (journal is None or _cites_another_work(prefix)):
        return found
    if len(_WORD.findall(_bare(text)[len(prefix) :])) > 5:
        return found  # a sentence goes on after the numbers: body text, not a masthead
    if not journal and not _LABEL_FIRST.match(_ISSN.sub(" ", text)):
        return found  # "10/2006, S. 13 ff." is the end of a footnote
    if journal:
        fields["journal"] = journal
    key = (journal or re.sub(r"[\d\W]+", " ", text).strip()).lower()
    found.append(_Evidence(4 if len(key) > 5 and key in others else 2, fields))
    # "Time & Society copyright © 2008 SAGE" over "VOL. 17 No. 1 (2008), pp. 47–61"
    above = _journal_name(_NAME_END.split(previous, 1)[0])
    if not journal and above and _VOLUME_FIRST.match(text):
        found.append(_Evidence(3 if above.lower() in others else 1, {"journal": above}))
    return found


def _parse_citation(text: str) -> dict[str, str]:
    """The fields of a citation: "Author (2012). Title. Journal, 23(1), 67-96." (APA),
    "Author: Title. In: Journal 10 (2015), 4, 485-488." (DIN) or "..., 2008 (Series 9)"."""
    fields, prefix = _numbers_of(text, citation=True)
    if prefix is None:
        series = [m for m in _SERIES.finditer(_bare(text)) if not re.fullmatch(_YEAR, m["number"])]
        if series:
            fields.update(journal=series[-1]["name"].strip(), issue=series[-1]["number"])
    else:
        # The journal follows "In:" (DIN) or the full stop that ends the title (APA).
        cuts = [m.end() for m in (_IN if _IN.search(prefix) else _TITLE_END).finditer(prefix)]
        prefix = prefix[cuts[-1] :] if cuts else prefix
        journal = None if _BOOK.search(prefix) else _journal_name(prefix)
        if journal:
            fields["journal"] = journal
    return {**fields, **_identifiers(text)}


def _numbers_of(text: str, citation: bool) -> tuple[dict[str, str], str | None]:
    """Volume, issue, year and pages printed in `text`, and the text before the first volume
    or issue number (None when there is none)."""
    bare = _bare(text)
    fields: dict[str, str] = {}
    claimed: list[tuple[int, int]] = []
    anchor: int | None = None
    for pattern in _NUMBERS:
        for match in pattern.finditer(bare):
            if any(start < match.end() and match.start() < end for start, end in claimed):
                continue
            span = _YEAR_SPAN.fullmatch(match[0])
            if span and int(span[2]) == (int(span[1]) + 1) % 100:
                continue  # "2009/10" is a school or financial year, not a year and an issue
            claimed.append(match.span())
            values = match.groupdict()
            values["i"] = values.get("i") or values.get("j")
            for group, name in (("v", "volume"), ("i", "issue"), ("y", "year")):
                if values.get(group):
                    fields.setdefault(name, values[group])
            if values.get("v") or values.get("i"):
                anchor = match.start() if anchor is None else min(anchor, match.start())
    if anchor is None and not citation:
        return {}, None
    if "year" not in fields:
        # A year on its own: the first of a masthead line, the last of a citation (whose
        # title, printed first, may name years of its own).
        years = _YEAR_PARENS.findall(bare) or _YEAR_BARE.findall(bare)
        if years:
            fields["year"] = years[-1] if citation else years[0]
    pages = _pages(bare, anchor, citation)
    if pages:
        fields["pages"] = pages
    return fields, None if anchor is None else bare[:anchor]


def _bare(text: str) -> str:
    """`text` without its DOIs, URLs and ISSNs, whose digits are no volume, issue or page."""
    return _ISSN.sub(" ", _URL.sub(" ", _DOI.sub(" ", text)))


def _pages(text: str, anchor: int | None, citation: bool) -> str | None:
    """The first page range: labelled ("pp. 45-67", "S. 299-317") anywhere, bare after the
    volume or issue (anywhere in a citation); never two years, nor wider than 999 pages."""
    matches = [*_PAGES_LABELLED.finditer(text)]
    after = anchor if anchor is not None else len(text)
    matches += [m for m in _PAGES_BARE.finditer(text) if citation or m.start() >= after]
    for match in sorted(matches, key=lambda m: m.start()):
        first, last = int(match["first"]), int(match["last"])
        years = all(re.fullmatch(_YEAR, number) for number in (match["first"], match["last"]))
        if 0 < first <= last < first + 1000 and not years:
            return f"{first}{'–' if match['dash'].strip() in '–—' else '-'}{last}"
    return None


def _journal_name(prefix: str) -> str | None:
    """`prefix` as a journal name, with page numbers, brackets, dates and labels trimmed;
    None when what is left is no name (a sentence, a continued line, a number)."""
    name = re.sub(r"^\d{1,4}\s(?=\D)", "", prefix.strip()).strip("[]() ")
    while (trimmed := _TAIL_WORD.sub("", name).rstrip()) != name:
        name = trimmed
    name = name.strip("[]()/ ")
    if not name or len(name.split()) > 12 or len(name) > 120 or not name[0].isalpha():
        return None
    if _CONTINUATION.match(name) or sum(c.isalpha() for c in name) < 2:
        return None
    return name


def _identifiers(text: str) -> dict[str, str]:
    """The DOI, a resolver URL (URN or handle) and the URN printed in `text`."""
    doi, urn = _DOI.search(text), _URN.search(text)
    url = next((url for url in _URL.findall(text) if _RESOLVER.search(url)), "")
    found = {"doi": doi[0] if doi else "", "urn": urn[0] if urn else "", "url": url}
    return {key: _trim(value) for key, value in found.items() if value}


def _trim(value: str) -> str:
    """A DOI or URL without the punctuation after it; a closing bracket goes only when
    the value opened none ("10.1016/S0140-6736(08)61345-8" keeps its own)."""
    while value:
        last, opener = value[-1], _OPENER.get(value[-1])
        if last not in _TRAILING and not (opener and value.count(last) > value.count(opener)):
            break
        value = value[:-1]
    return value


def _front_matter_dois(lines: list[str]) -> Iterator[str]:
    """Labelled DOIs ("DOI: 10.…") on a first page, outside lines that cite other works."""
    for line in lines:
        doi = _DOI.search(line)
        if doi and _DOI_LABEL.search(line[: doi.start()][-10:]) and not _cites_another_work(line):
            yield _trim(doi[0])


def _cites_another_work(line: str) -> bool:
    """A reference's marks: "in:", "vgl.", quotes, "et al." or an author's "(2003)"."""
    return bool(_REFERENCE.search(line) or _AUTHOR_YEAR.search(line))


def _info_fields(info: Mapping[str, str]) -> dict[str, str]:
    """The info dictionary's DOI (its own entry, Subject or Keywords) and the citation that
    Subject sometimes holds ("IAB-Discussion Paper 2/2010")."""
    subject = _clean(info.get("Subject") or "")
    fields, prefix = _numbers_of(subject, citation=False)
    journal = _journal_name(prefix) if prefix is not None else None
    if journal and not _cites_another_work(prefix or ""):
        fields["journal"] = journal
    for key in ("doi", "DOI", "Subject", "Keywords"):
        doi = _DOI.search(_clean(info.get(key) or ""))
        if doi:
            return {**fields, "doi": _trim(doi[0])}
    return fields


def _merge(evidence: list[_Evidence]) -> dict[str, str]:
    """The most trusted evidence's fields, completed from the rest where it agrees on the
    volume, issue and year; a journal in capitals (a small-caps running head) takes the
    mixed-case spelling another line prints."""
    found: dict[str, str] = {}
    journals: list[str] = []
    for item in sorted(evidence, key=lambda e: -e.score):
        shared = [key for key in ("volume", "issue", "year") if key in item.fields and key in found]
        if any(item.fields[key].lstrip("0") != found[key].lstrip("0") for key in shared):
            continue
        journals += [item.fields["journal"]] if "journal" in item.fields else []
        for key, value in item.fields.items():
            found.setdefault(key, value)
    capitals = found.get("journal", "")
    mixed = [j for j in journals if j.lower() == capitals.lower() and not j.isupper()]
    if capitals.isupper() and mixed:
        found["journal"] = mixed[0]
    return found
