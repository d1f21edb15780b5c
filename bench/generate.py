"""Synthetic papers in the seeds' pdfminer text format, for benchmarks.

A seeded random generator writes N papers of about 5,000 words each. Their words come from a
bigram chain trained on the two seed papers in `corpus/`; their layout copies what pdfminer's
`extract_text` printed for the seeds: one empty line after every printed line, a lone space
line between paragraphs, headings followed by a space line, footnote calls on a line of their
own glued after the word they follow, note bodies below a 48-space rule, roman lists, and a
running head with the printed page number at each page end. Optionally each paper is also
typeset as a PDF (reportlab), for comparing PDF extractors on the same text.
"""

from __future__ import annotations

import itertools
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent.parent / "corpus"
JOURNAL = "Strategic Studies"
RULE = " " * 48
AUTHOR_NOTE_MARK = "\uf02a"  # the private-use glyph the seeds print for the author note
LINE_WIDTH = 76
LINES_PER_PAGE = 34
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
# Seed words that belong to headings, labels and the front matter, not to running prose.
_NOT_PROSE = frozenset(
    {f"{label}." for label in ROMAN} | {"Abstract", "Introduction", "Conclusion", "Keywords:"}
)


@dataclass
class Vocabulary:
    """What the seeds offer: a bigram chain over their words, and capitalised words."""

    following: dict[str, list[str]]
    starts: list[str]
    capitalised: list[str]
    headings: list[str]


def _seed_words() -> list[str]:
    words: list[str] = []
    for path in sorted(SEED_DIR.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            # Body lines only: skip page numbers, call labels, the running head and URLs.
            if not stripped or stripped.isdigit() or stripped == JOURNAL or "http" in stripped:
                continue
            words.extend(w for w in stripped.split() if not w.endswith("-") and w not in _NOT_PROSE)
    return words


def load_vocabulary() -> Vocabulary:
    """Train the chain on the seeds (deterministic: the seeds are fixed)."""
    words = _seed_words()
    following: dict[str, list[str]] = defaultdict(list)
    for left, right in itertools.pairwise(words):
        following[left].append(right)
    starts = [
        right
        for left, right in itertools.pairwise(words)
        if left.endswith(".") and right[:1].isupper() and right.isalpha()
    ]
    capitalised = sorted(
        {
            w.strip(',.;:()“”‘’"')
            for w in words
            if w[:1].isupper() and len(w) > 3 and re.fullmatch(r"[A-Z][a-z’-]+", w.strip(",.;:"))
        }
    )
    headings = [
        "Conclusion",
        "Policy Recommendations",
        "Russia’s Strategic Calculus in South Asia",
        "Pakistan’s Role: Bilateral Engagements and Challenges",
        "Emerging Geopolitical and Security Milieus",
        "Regional Connectivity",
    ]
    return Vocabulary(dict(following), starts, capitalised, headings)


@dataclass
class _Page:
    """A page being set: its body lines and the note bodies to print below its rule."""

    lines: list[str] = field(default_factory=list)
    notes: list[tuple[str, list[str]]] = field(default_factory=list)


class _Writer:
    """Lays words out into printed lines and pages, the way pdfminer's text reads."""

    def __init__(self, rng: random.Random, vocab: Vocabulary, first_page: int) -> None:
        self.rng = rng
        self.vocab = vocab
        self.out: list[str] = []
        self.page = _Page()
        self.page_number = first_page
        self.note_number = 0
        self.bodies: dict[str, list[str]] = {}  # note bodies waiting for their call
        self.words = 0

    def emit(self, line: str) -> None:
        self.page.lines.append(line)

    def body_lines(self) -> int:
        return sum(1 for line in self.page.lines if line and line.strip())

    def end_page(self, last: bool = False) -> None:
        self.out.extend(self.page.lines)
        if self.page.notes:
            self.out.append(RULE)
            for label, note_lines in self.page.notes:
                self.out.append(label)
                for index, text in enumerate(note_lines):
                    self.out.append((" " if index == 0 else "") + text + " ")
                    self.out.append("")
        if not last:
            self.out += ["", "", f"{JOURNAL} ", "", f"{self.page_number} ", ""]
            self.page_number += 1
        self.page = _Page()

    def maybe_break_page(self) -> None:
        if self.body_lines() >= LINES_PER_PAGE:
            self.end_page()

    def paragraph(
        self, tokens: list[str], label: str | None = None, last_in_list: bool = False
    ) -> None:
        """Set one paragraph (or list item); `tokens` may hold footnote calls as `\\x00N`."""
        width = LINE_WIDTH - self.rng.randint(0, 6)
        line = f"{label} " if label else ""
        used = 0  # width taken on this printed line by text before a call
        for token in tokens:
            if token.startswith("\x00"):
                # pdfminer prints a superscript call on its own line, glued to the text it
                # follows; the rest of the printed line continues after it, opening with a space.
                number = token[1:]
                self.emit(line.rstrip())
                self.emit(number)
                if number in self.bodies:
                    self.page.notes.append((number, self.bodies.pop(number)))
                used += len(line)
                line = " "
                continue
            self.words += 1
            candidate = f"{line}{token} "
            if used + len(candidate) > width and line.strip():
                if "-" in token[1:-1] and self.rng.random() < 0.5:
                    head, _, tail = token.partition("-")
                    self._line(f"{line}{head}-")
                    line = f"{tail} "
                else:
                    self._line(line)
                    line = f"{token} "
                used = 0
            else:
                line = candidate
        if label:
            self._line(line)
            if last_in_list:
                self.emit(" ")
                self.emit("")
            return
        self._line(line.rstrip() + "  " if line.strip() else line)
        self.emit(" ")
        self.emit("")

    def _line(self, text: str) -> None:
        self.emit(text)
        self.emit("")
        self.maybe_break_page()


def _sentence(rng: random.Random, vocab: Vocabulary) -> list[str]:
    word = rng.choice(vocab.starts)
    words = [word]
    target = rng.randint(14, 34)
    while True:
        options = vocab.following.get(word)
        word = rng.choice(options) if options else rng.choice(vocab.starts)
        if word.isdigit() and len(word) <= 2:
            continue
        words.append(word)
        if len(words) >= target and word.endswith("."):
            break
        if len(words) > 3 * target:
            words[-1] = word.rstrip(",;:") + "."
            break
    return words


def _heading(rng: random.Random, vocab: Vocabulary) -> str:
    if rng.random() < 0.3:
        return rng.choice(vocab.headings)
    count = rng.randint(2, 5)
    words = [rng.choice(vocab.capitalised) for _ in range(count)]
    if count >= 3:
        words.insert(rng.randint(1, count - 1), rng.choice(["and", "of", "in"]))
    return " ".join(words)


def _with_calls(rng: random.Random, words: list[str], writer: _Writer) -> list[str]:
    """Insert footnote calls (`\\x00N`) after some sentences; about one per 150 words."""
    out: list[str] = []
    for word in words:
        out.append(word)
        if word.endswith(".") and rng.random() < 0.12:
            writer.note_number += 1
            out.append(f"\x00{writer.note_number}")
            if rng.random() < 0.3:
                body = " ".join(_sentence(rng, writer.vocab))
                writer.bodies[str(writer.note_number)] = _wrap(body, LINE_WIDTH)
    return out


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def generate_paper(
    seed: int, vocab: Vocabulary, words: int = 5000
) -> tuple[str, dict[str, object]]:
    """One paper's text and its metadata, both determined by `seed`."""
    rng = random.Random(seed)
    writer = _Writer(rng, vocab, first_page=rng.randint(1, 180))
    title_words = [*_heading(rng, vocab).split(), "and", *_heading(rng, vocab).split()]
    title = " ".join(title_words)
    # Break the title over two printed lines before a capitalised word, as the seeds do.
    breaks = [i for i, w in enumerate(title_words) if i and w[:1].isupper()]
    half = min(breaks, key=lambda i: abs(i - len(title_words) / 2))
    first, second = " ".join(title_words[:half]), " ".join(title_words[half:])
    writer.emit(f" {first}  ")
    writer.emit("")
    writer.emit(f"{second} ")
    writer.emit(" Abstract ")
    writer.emit(" ")
    writer.emit("")
    abstract: list[str] = []
    while len(abstract) < 150:
        abstract += _sentence(rng, vocab)
    writer.paragraph(abstract)
    keywords = sorted({rng.choice(vocab.capitalised) for _ in range(4)})
    writer.paragraph(["Keywords:", *(f"{k}," for k in keywords[:-1]), f"{keywords[-1]}."])
    writer.page.notes.append(
        (
            AUTHOR_NOTE_MARK,
            ["The author is a Research Fellow at an institute of strategic studies."],
        )
    )
    headings = ["Introduction"]
    while writer.words < words:
        heading = headings.pop() if headings else _heading(rng, vocab)
        writer.emit(f"{heading}  ")
        writer.emit(" ")
        writer.emit("")
        for _ in range(rng.randint(3, 8)):
            if writer.words >= words:
                break
            sentences: list[str] = []
            for _ in range(rng.randint(2, 6)):
                sentences += _sentence(rng, vocab)
            if rng.random() < 0.15:
                sentences[-1] = sentences[-1].rstrip(".") + ":"
                writer.paragraph(_with_calls(rng, sentences, writer))
                count = rng.randint(3, 7)
                for index in range(count):
                    item = _sentence(rng, vocab)[: rng.randint(8, 30)]
                    item[-1] = item[-1].rstrip(",;:.") + "."
                    writer.paragraph(item, f"{ROMAN[index]}.", index == count - 1)
            else:
                writer.paragraph(_with_calls(rng, sentences, writer))
    writer.end_page(last=True)
    meta: dict[str, object] = {"title": title, "journal": JOURNAL, "keywords": keywords}
    return "\n".join(writer.out) + "\n", meta


def write_yaml(meta: dict[str, object]) -> str:
    """The metadata as YAML, quoting every string so titles with colons stay strings."""
    import json

    lines = []
    for key, value in meta.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {json.dumps(item, ensure_ascii=False)}" for item in value]
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def generate_corpus(target: Path, count: int, seed: int = 9, words: int = 5000) -> list[Path]:
    """Write `count` papers (`paper-0001.txt` + `.yml`) into `target`; return the sources."""
    vocab = load_vocabulary()
    target.mkdir(parents=True, exist_ok=True)
    sources = []
    for number in range(1, count + 1):
        text, meta = generate_paper(seed * 100_003 + number, vocab, words)
        source = target / f"paper-{number:04d}.txt"
        source.write_text(text, encoding="utf-8")
        source.with_suffix(".yml").write_text(write_yaml(meta), encoding="utf-8")
        sources.append(source)
    return sources


def typeset_pdf(text: str, target: Path) -> None:
    """Typeset a generated paper's printed lines as a PDF with reportlab (one line per line)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = _register_font(pdfmetrics, TTFont)
    pdf = canvas.Canvas(str(target), pagesize=A4, invariant=True)
    width, height = A4
    top = height - 72
    y = top
    for raw in text.split("\n"):
        stripped = raw.strip()
        if raw == "":
            continue
        if raw == RULE:
            pdf.line(72, y, 200, y)
            y -= 10
            continue
        if stripped == JOURNAL:
            continue  # the running head is drawn with the page number
        if stripped.isdigit() and len(stripped) <= 3 and raw.endswith(" "):
            pdf.setFont(font, 9)
            pdf.drawString(72, 40, JOURNAL)
            pdf.drawRightString(width - 72, 40, stripped)
            pdf.showPage()
            y = top
            continue
        if not stripped:
            y -= 6
            continue
        if stripped.isdigit() or stripped == AUTHOR_NOTE_MARK:
            pdf.setFont(font, 7)
            pdf.drawString(74 + pdf.stringWidth("x", font, 11) * 0, y + 8, stripped)
            continue
        pdf.setFont(font, 11)
        pdf.drawString(72, y, stripped)
        y -= 15
        if y < 72:
            pdf.showPage()
            y = top
    pdf.showPage()
    pdf.save()


def _register_font(pdfmetrics: object, ttfont: type) -> str:
    """A TrueType font with curly quotes if the system has one, else Times-Roman."""
    for candidate in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    ):
        if Path(candidate).is_file():
            pdfmetrics.registerFont(ttfont("BenchSerif", candidate))  # type: ignore[attr-defined]
            return "BenchSerif"
    return "Times-Roman"
