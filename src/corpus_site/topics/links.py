"""Topic links inside a paper: the `linker` that `pages.markdown.render_document` accepts.

Reading comes first: only the first mention of a topic in each section links to the topic
page. The printed keywords become chips, linked where a topic matches; the page ends with the
passages of the other papers that share its topics, and with `abbr` definitions for the
acronyms it uses.
"""

from __future__ import annotations

from itertools import islice

from corpus_site.ids import RELATED_ID
from corpus_site.model import Paper, Paragraph, Section, Text
from corpus_site.pages.escape import escape
from corpus_site.topics.index import TopicIndex
from corpus_site.topics.pages import abbreviation_lines, passage_link, short_title, snippet

RELATED_PER_TOPIC = 3
RELATED_HEADING = "Related passages in the other papers"


class TopicLinker:
    """Renders one paper's text runs with topic links; make a new one per paper."""

    def __init__(self, index: TopicIndex, paper: Paper) -> None:
        self.index = index
        self.paper = paper
        self.linked: set[str] = set()

    def begin_section(self, section: Section) -> None:
        self.linked = set()

    def render_text(self, text: str, line_start: bool = True) -> str:
        """`text` escaped, with the section's first mention of each topic linked."""
        out: list[str] = []
        position = 0
        for hit in self.index.matcher.find(text):
            fresh = [topic for topic in hit.topics if topic not in self.linked]
            if not fresh:
                continue
            self.linked.add(fresh[0])
            before = escape(text[position : hit.start], line_start and position == 0)
            if before.endswith("!"):  # "![" would open an image
                before = before[:-1] + "&#33;"
            words = escape(text[hit.start : hit.end], line_start=False)
            out += [before, f"[{words}](../topics/{fresh[0]}.md){{ .topic-link }}"]
            position = hit.end
        out.append(escape(text[position:], line_start and position == 0))
        return "".join(out)

    def render_keywords(self, block: Paragraph) -> str | None:
        """The keywords line as chips, or None to print it as it stands."""
        keywords = self.paper.meta.keywords or self.paper.document.keywords
        if not keywords:
            return None
        chips = []
        for keyword in keywords:
            words = escape(keyword, line_start=False)
            hits = self.index.matcher.find(keyword)
            if hits:
                topic = hits[0].topics[0]
                chips.append(f"[{words}](../topics/{topic}.md){{ .keyword-chip }}")
            else:
                chips.append(f'<span class="keyword-chip">{words}</span>')
        return "Keywords: " + " ".join(chips)

    def appendix(self) -> list[str]:
        """The related passages of the other papers, then `abbr` definitions."""
        texts = [p.text for p in self.index.passages_of(self.paper)]
        texts += [s.heading for s in self.paper.document.sections]
        texts += [
            "".join(part.text for part in note.inlines if isinstance(part, Text))
            for note in self.paper.document.footnotes
        ]
        return self._related() + abbreviation_lines(self.index, texts, self.paper.meta.slug)

    def _related(self) -> list[str]:
        slug = self.paper.meta.slug
        counts = [(topic, len(self.index.in_paper(topic.id, slug))) for topic in self.index.topics]
        ours = [(topic, count) for topic, count in counts if count]
        ours.sort(key=lambda item: -item[1])
        lines: list[str] = []
        for topic, count in ours:
            # Only the first few are quoted: read no further than they are (the mentions are
            # in corpus order, this paper's own together), and count the rest.
            mentions = self.index.mentions[topic.id]
            others = (m for m in mentions if m.passage.paper.meta.slug != slug)
            theirs = list(islice(others, RELATED_PER_TOPIC))
            if not theirs:
                continue
            label = escape(topic.label, line_start=False)
            lines.append(f"- **[{label}](../topics/{topic.id}.md)**")
            for mention in theirs[:RELATED_PER_TOPIC]:
                link = passage_link(mention.passage, "topics", with_paper=True)
                paper = escape(short_title(mention.passage.paper), line_start=False)
                text = snippet(mention.passage.text, mention.spans)
                lines.append(f"    - {link} (*{paper}*) {text}")
            more = len(mentions) - count - RELATED_PER_TOPIC
            if more > 0:
                topic_page = f"[topic page](../topics/{topic.id}.md)"
                lines.append(f"    - … and {more} more on the {topic_page}")
        if not lines:
            return []
        intro = "Passages of the other papers in this corpus that share this paper's topics."
        return [f"## {RELATED_HEADING} {{ #{RELATED_ID} }}", "", intro, "", *lines, ""]


def paper_linker(index: TopicIndex | None, paper: Paper) -> TopicLinker | None:
    """The linker for `paper`, or None when the corpus has no topics."""
    return TopicLinker(index, paper) if index is not None else None
