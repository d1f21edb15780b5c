"""The corpus-wide pages of the papers themselves: the home page and the recommendations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from corpus_site.model import Corpus, ListBlock, ListItem, Paper, Paragraph, Section, plain_text
from corpus_site.pages.escape import escape
from corpus_site.pages.markdown import display_title
from corpus_site.pages.paths import RECOMMENDATIONS_PAGE, TOPICS_INDEX, paper_path

ABSTRACT_WORDS = 45


def recommendation_sections(paper: Paper) -> list[Section]:
    """The sections of a paper that hold its recommendations: a list under a heading that
    names them."""
    return [
        s
        for s in paper.document.sections
        if "recommendation" in s.heading.lower() and any(isinstance(b, ListBlock) for b in s.blocks)
    ]


def _recommendation_items(paper: Paper, section: Section) -> list[ListItem]:
    return [item for b in section.blocks if isinstance(b, ListBlock) for item in b.items]


def render_recommendations(corpus: Corpus) -> str:
    """Every recommendation in the corpus, by paper, each linking to its place in the paper.

    Recommendations are the lists of a section whose heading names them.
    """
    lines = ["---", 'title: "Recommendations"', "---", "", "# Recommendations", ""]
    found = 0
    for paper in corpus.papers:
        sections = recommendation_sections(paper)
        if not sections:
            continue
        title = escape(display_title(paper.meta, paper.document))
        lines += [f"## [{title}]({paper_path(paper)}) {{ #{paper.meta.slug} }}", ""]
        for section in sections:
            lines += [f"### {escape(section.heading)} {{ #{paper.meta.slug}-{section.id} }}", ""]
            for number, item in enumerate(_recommendation_items(paper, section), start=1):
                found += 1
                lines += [f"{number}. {_recommendation(paper, item)}", ""]
    if found:
        intro = f"{found} recommendations from the papers, each linked to its place in the paper."
        lines[6:6] = [intro, ""]
    else:
        lines += ["No paper in this corpus has a list of recommendations yet.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _recommendation(paper: Paper, item: ListItem, words: int | None = None) -> str:
    """A recommendation with its printed label linking to it; its opening `words` only, if
    given."""
    target = f"{paper_path(paper)}#{item.id}"
    label = f"[{escape(item.label)}]({target}){{ .item-label }}"
    text = plain_text(item.inlines)
    if words is not None and len(text.split()) > words:
        text = " ".join(text.split()[:words]) + " …"
    return f"{label} {escape(text, line_start=False)}"


def _abstract_opening(paper: Paper) -> str:
    for section in paper.document.sections:
        if section.heading.lower() == "abstract" or section is paper.document.sections[0]:
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    words = plain_text(block.inlines).split()
                    more = " …" if len(words) > ABSTRACT_WORDS else ""
                    return " ".join(words[:ABSTRACT_WORDS]) + more
    return ""


@dataclass(frozen=True)
class HomeTopic:
    """A topic as the home page lists it: its label, its page and how many passages it has."""

    label: str
    path: str
    passages: int


# A home page lists its papers under one heading up to this many; beyond, by year.
PAPERS_UNGROUPED = 50
HOME_RECOMMENDATIONS = 3
RECOMMENDATION_WORDS = 25
# The search box: Material's search opens on `?q=` (and corpus-site.js sends it to the
# Pagefind page where that is the search); an empty action keeps it working from disk.
SEARCH_FORM = (
    '<form class="home-search" role="search" action="" method="get">'
    '<input type="search" name="q" aria-label="Search the papers" '
    'placeholder="Search the papers: a name, a place, a phrase" autocomplete="off">'
    '<button type="submit" class="md-button md-button--primary">Search</button></form>'
)


def render_home(corpus: Corpus, topics: Sequence[HomeTopic] = ()) -> str:
    """The home page a reader starts from: what the corpus holds, a search box, every paper
    (title, authors, journal, year, the opening of its abstract; by year beyond 50), the
    topics mentioned most, and the first recommendations."""
    count = len(corpus.papers)
    recommendations = sum(
        len(_recommendation_items(paper, section))
        for paper in corpus.papers
        for section in recommendation_sections(paper)
    )
    holds = [f"{count} paper{'s' * (count != 1)}"]
    if topics:
        holds.append(f"[the topics they discuss]({TOPICS_INDEX})")
    if recommendations:
        holds.append(f"{recommendations} [recommendations]({RECOMMENDATIONS_PAGE})")
    lines = ["---", 'title: "Home"', "---", "", "# Papers in this corpus", ""]
    lines += [f"This corpus holds {_joined(holds)}.", "{ .home-lead }", "", SEARCH_FORM, ""]
    lines += _papers(corpus)
    if topics:
        lines += ["## Topics { #topics }", ""]
        for topic in topics:
            label = escape(topic.label, line_start=False)
            passages = f"{topic.passages} passage{'s' * (topic.passages != 1)}"
            lines.append(f"- [{label}]({topic.path}) · {passages}")
        lines += [
            "",
            f"All topics, with a map of the papers that mention them: [Topics]({TOPICS_INDEX}).",
            "",
        ]
    if recommendations:
        lines += ["## Recommendations { #recommendations }", ""]
        shown = [
            (paper, item)
            for paper in corpus.papers
            for section in recommendation_sections(paper)
            for item in _recommendation_items(paper, section)
        ][:HOME_RECOMMENDATIONS]
        for number, (paper, item) in enumerate(shown, start=1):
            lines += [f"{number}. {_recommendation(paper, item, RECOMMENDATION_WORDS)}", ""]
        lines += [
            f"All {recommendations}, by paper: [Recommendations]({RECOMMENDATIONS_PAGE}).",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _papers(corpus: Corpus) -> list[str]:
    if len(corpus.papers) <= PAPERS_UNGROUPED:
        lines = ["## Papers { #papers }", ""]
        for paper in corpus.papers:
            lines += _paper_entry(paper)
        return lines
    by_year: dict[int | None, list[Paper]] = {}
    for paper in corpus.papers:
        by_year.setdefault(paper.meta.year, []).append(paper)
    lines = []
    for year in sorted(by_year, key=lambda y: (y is None, -(y or 0))):
        heading = (
            f"Papers of {year} {{ #papers-{year} }}"
            if year
            else "Papers without a year { #papers-undated }"
        )
        lines += [f"## {heading}", ""]
        for paper in by_year[year]:
            lines += _paper_entry(paper)
    return lines


def _paper_entry(paper: Paper) -> list[str]:
    meta, document = paper.meta, paper.document
    title = escape(display_title(meta, document))
    lines = [f"### [{title}]({paper_path(paper)}) {{ #paper-{meta.slug} }}", ""]
    facts = []
    if meta.authors or document.authors:
        facts.append(", ".join(escape(a) for a in meta.authors or document.authors))
    if meta.journal:
        facts.append(f"*{escape(meta.journal)}*")
    if meta.year:
        facts.append(str(meta.year))
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
    return lines
