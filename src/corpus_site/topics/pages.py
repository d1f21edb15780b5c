"""Topic pages, the topics index with its heat map, and the glossary of acronyms.

Pure and deterministic like `site`: the pages are Markdown using the standard `tables`, `abbr`
and `attr_list` extensions; every piece of paper text and every topic label is escaped.
"""

from __future__ import annotations

import html
import json
import math
import re

from corpus_site.model import Paper
from corpus_site.pages.escape import escape
from corpus_site.pages.markdown import display_title
from corpus_site.topics.index import Mention, Passage, TopicIndex
from corpus_site.topics.matcher import Topic

TOPICS_DIR = "topics"
GLOSSARY_PAGE = "glossary.md"
SNIPPET_CONTEXT = 80
HEAT_LEVELS = 5
_CAPITALISED = re.compile(r"(?<!\w)[A-Z]\w*")


def topic_path(topic_id: str) -> str:
    """Where a topic's page lives; its URL is `topics/<id>/`."""
    return f"{TOPICS_DIR}/{topic_id}.md"


def render_topic_pages(index: TopicIndex) -> dict[str, str]:
    """Every topic page, the topics index and the glossary, keyed by path: without topics no
    topics index, and the glossary only when the papers define acronyms."""
    pages = {topic_path(topic.id): render_topic(index, topic) for topic in index.topics}
    if index.topics:
        pages[f"{TOPICS_DIR}/index.md"] = render_topics_index(index)
    if index.topics or index.glossary.acronyms:
        pages[GLOSSARY_PAGE] = render_glossary(index)
    return pages


def _front(title: str) -> list[str]:
    # HTML-escaped: themes print the page title into <title> and the navigation unescaped.
    text = html.escape(" ".join("".join(c for c in title if c.isprintable()).split()))
    return ["---", f"title: {json.dumps(text, ensure_ascii=False)}", "---", ""]


def snippet(text: str, spans: tuple[tuple[int, int], ...], context: int = SNIPPET_CONTEXT) -> str:
    """Escaped keyword-in-context Markdown around the first span, mentions in `<mark>`."""
    start, end = spans[0]
    left, right = max(0, start - context), min(len(text), end + context)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space > end else right
    out = ["…"] if left > 0 else []
    position = left
    for span_start, span_end in spans:
        if span_start < position or span_end > right:
            continue
        out.append(escape(text[position:span_start], line_start=False))
        out.append(f"<mark>{escape(text[span_start:span_end], line_start=False)}</mark>")
        position = span_end
    out.append(escape(text[position:right], line_start=False))
    if right < len(text):
        out.append("…")
    return "".join(out).strip()


def passage_link(passage: Passage, from_dir: str, with_paper: bool = False) -> str:
    """A link to the passage's anchor from a page in `from_dir` ("" or "topics")."""
    up = "../" if from_dir else ""
    href = f"{up}papers/{passage.paper.meta.slug}.md#{passage.id}"
    where = escape(passage.label, line_start=False)
    if with_paper:
        heading = escape(passage.section.heading or "Text", line_start=False)
        where = f"{heading}, {where}"
    return f"[{where}]({href}){{ .topic-passage }}"


# -- a topic page --------------------------------------------------------------------------


def render_topic(index: TopicIndex, topic: Topic) -> str:
    mentions = index.mentions[topic.id]
    lines = [*_front(topic.label), f"# {escape(topic.label)} {{ #topic }}", ""]
    if topic.description:
        lines += [escape(topic.description), "{ .topic-description }", ""]
    terms = [f"*{escape(t, line_start=False)}*" for t in index.matcher.terms[topic.id]]
    lines += [found_by(topic, terms), "{ .topic-terms }", ""]
    lines += [
        topic_counts(index, topic),
        "",
        "| Paper | Passages | Mentions |",
        "| --- | ---: | ---: |",
    ]
    for paper in index.papers:
        found = index.in_paper(topic.id, paper.meta.slug)
        title = escape(display_title(paper.meta, paper.document), line_start=False)
        name = f"[{title}](#paper-{paper.meta.slug})" if found else title
        spans = sum(len(m.spans) for m in found)
        lines.append(f"| {name} | {len(found)} | {spans} |")
    lines.append("")
    for paper in index.papers:
        found = index.in_paper(topic.id, paper.meta.slug)
        if found:
            lines += _paper_group(paper, found)
    related = index.related(topic.id)
    if related:
        lines += ["## Related topics { #related-topics }", ""]
        lines += ["Topics that share passages with this one.", "{ .topic-terms }", ""]
        for other, shared in related:
            plural = "s" if shared != 1 else ""
            label = escape(other.label, line_start=False)
            lines.append(f"- [{label}]({other.id}.md) — {shared} shared passage{plural}")
        lines.append("")
    lines += abbreviation_lines(index, [m.passage.text for m in mentions])
    return "\n".join(lines).rstrip() + "\n"


def found_by(topic: Topic, terms: list[str]) -> str:
    """ "Found by CPEC, China-Pakistan Economic Corridor, and a pattern." """
    found = ", ".join(terms)
    if topic.regex:
        patterns = "a pattern" if len(topic.regex) == 1 else f"{len(topic.regex)} patterns"
        found += f", and {patterns}" if found else patterns
    return f"Found by {found}."


def topic_counts(index: TopicIndex, topic: Topic) -> str:
    """ "12 passages in 2 of 2 papers." """
    papers_with = sum(1 for paper in index.papers if index.in_paper(topic.id, paper.meta.slug))
    count, total = len(index.mentions[topic.id]), len(index.papers)
    return (
        f"{count} passage{'s' if count != 1 else ''} in {papers_with} of "
        f"{total} paper{'s' if total != 1 else ''}."
    )


def _paper_group(paper: Paper, found: list[Mention]) -> list[str]:
    slug = paper.meta.slug
    lines = [f"## {escape(display_title(paper.meta, paper.document))} {{ #paper-{slug} }}"]
    section_id = None
    for mention in found:
        section = mention.passage.section
        if section.id != section_id:
            section_id = section.id
            heading = escape(section.heading or "Text")
            lines += ["", f"### {heading} {{ #{slug}--{section.id} }}", ""]
        text = snippet(mention.passage.text, mention.spans)
        lines.append(f"- {passage_link(mention.passage, TOPICS_DIR)} {text}")
    return [*lines, ""]


def abbreviation_lines(index: TopicIndex, texts: list[str], slug: str | None = None) -> list[str]:
    """`abbr` definitions for the acronyms the page uses, so they show their long form."""
    lines = []
    shorts = index.glossary.by_short.keys()
    if index.glossary.shorts_are_words:
        # As `Glossary.used_in` finds them, but by a set lookup per word instead of trying
        # every acronym at every place: an acronym standing as a whole word is one of the
        # text's capitalised `\w+` runs (a tenth of its words).
        used = sorted(shorts & {w for text in texts for w in _CAPITALISED.findall(text)})
    else:
        used = index.glossary.used_in("\n".join(texts))
    for short in used:
        expansion = index.glossary.long_form(short, slug)
        if expansion:
            lines.append(f"*[{short}]: {expansion}")
    return ["", *lines, ""] if lines else []


# -- the index with its heat map -----------------------------------------------------------


def heat_level(value: float, highest: float) -> int:
    """0 for nothing, else 1..HEAT_LEVELS in proportion to the busiest cell."""
    if value <= 0 or highest <= 0:
        return 0
    return min(HEAT_LEVELS, max(1, math.ceil(HEAT_LEVELS * value / highest)))


def short_title(paper: Paper, words: int = 4) -> str:
    parts = display_title(paper.meta, paper.document).split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def render_topics_index(index: TopicIndex) -> str:
    sizes = {paper.meta.slug: len(index.passages_of(paper)) for paper in index.papers}
    counts = {
        (topic.id, paper.meta.slug): len(index.in_paper(topic.id, paper.meta.slug))
        for topic in index.topics
        for paper in index.papers
    }
    # Shaded within each paper (its most-mentioned topic is darkest), so a short paper is not
    # always pale beside a long one.
    highest = {
        paper.meta.slug: max((counts[(t.id, paper.meta.slug)] for t in index.topics), default=0)
        for paper in index.papers
    }
    order = sorted(index.topics, key=lambda t: -len(index.mentions[t.id]))
    total = len(index.topics)
    lines = [*_front("Topics"), "# Topics", ""]
    lines += [
        f"{total} topic{'s' if total != 1 else ''} across {len(index.papers)} "
        f"paper{'s' if len(index.papers) != 1 else ''}. Each topic page gathers every passage "
        "that mentions it. The map counts the passages of each paper that mention each topic; "
        "each paper's most-mentioned topic is darkest.",
        "",
    ]
    if index.automatic:
        lines += [
            "These topics were found in the papers themselves (their keywords, the acronyms "
            "they define and the phrases frequent in some passages), since the corpus has no "
            "`topics.yml`; `corpus-site topics suggest` writes them as a draft to edit.",
            "{ .topic-terms }",
            "",
        ]
    header = ["Topic", *(_column(paper) for paper in index.papers), "All"]
    lines += ["| " + " | ".join(header) + " |"]
    lines += ["| --- | " + " | ".join(":---:" for _ in index.papers) + " | ---: |"]
    for topic in order:
        cells = [f"[{escape(topic.label, line_start=False)}]({topic.id}.md)"]
        for paper in index.papers:
            count = counts[(topic.id, paper.meta.slug)]
            level = heat_level(count, highest[paper.meta.slug])
            if count:
                about = f"{count} of {sizes[paper.meta.slug]} passages"
                cell = f'<span class="heat heat-{level}" title="{about}">{count}</span>'
                cells.append(f"[{cell}]({topic.id}.md#paper-{paper.meta.slug})")
            else:
                cells.append('<span class="heat heat-0">·</span>')
        cells.append(str(len(index.mentions[topic.id])))
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines += ["## Topics and what they cover { #all-topics }", ""]
    for topic in index.topics:
        count = len(index.mentions[topic.id])
        label = escape(topic.label, line_start=False)
        about = f": {escape(topic.description, line_start=False)}" if topic.description else ""
        lines.append(f"- [{label}]({topic.id}.md){about} ({count} passage{'s' * (count != 1)})")
    lines += [
        "",
        f"Acronyms the papers define are listed in the [glossary](../{GLOSSARY_PAGE}).",
        "",
    ]
    return "\n".join(lines).rstrip() + "\n"


def _column(paper: Paper) -> str:
    title = escape(short_title(paper), line_start=False)
    return f"[{title}](../papers/{paper.meta.slug}.md)"


# -- the glossary --------------------------------------------------------------------------


def render_glossary(index: TopicIndex) -> str:
    passages = {
        (p.paper.meta.slug, p.id): p for paper in index.papers for p in index.passages_of(paper)
    }
    lines = [*_front("Glossary"), "# Glossary of acronyms", ""]
    if not index.glossary.acronyms:
        lines += ["The papers define no acronyms.", ""]
        return "\n".join(lines).rstrip() + "\n"
    lines += [
        "Acronyms the papers define in their own text, with the long form they give. In the "
        "papers, an acronym shows its long form when you point at it.",
        "",
    ]
    # Without topics, no column of topic links, which would all be empty.
    with_topics = bool(index.topics)
    if with_topics:
        lines += ["| Acronym | Stands for | Defined in | Topic |", "| --- | --- | --- | --- |"]
    else:
        lines += ["| Acronym | Stands for | Defined in |", "| --- | --- | --- |"]
    topic_of = {term: topic for topic in index.topics for term in index.matcher.terms[topic.id]}
    for acronym in index.glossary.acronyms:
        where = []
        for slug, passage_id in acronym.places:
            passage = passages.get((slug, passage_id))
            if passage is not None:
                paper = escape(short_title(passage.paper), line_start=False)
                where.append(f"{passage_link(passage, '', with_paper=True)} (*{paper}*)")
        topic = topic_of.get(acronym.short)
        topic_link = (
            f"[{escape(topic.label, line_start=False)}]({TOPICS_DIR}/{topic.id}.md)"
            if topic
            else ""
        )
        long = escape(acronym.long, line_start=False)
        row = f"| **{acronym.short}** | {long} | {'; '.join(where)} |"
        lines.append(f"{row} {topic_link} |" if with_topics else row)
    lines.append("")
    return "\n".join(lines).rstrip() + "\n"
