"""The options of the `corpus` plugin, defined once and free of MkDocs.

`plugin/config.py` derives MkDocs' typed `Config` from these fields (so `mkdocs build` checks
them), and `zensical.py` reads the same options from the raw `mkdocs.yml`, with the same
defaults and the same checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal, get_args, get_type_hints

from corpus_site.errors import CorpusError
from corpus_site.fidelity.measure import FIDELITY_THRESHOLD, PDF_FIDELITY_THRESHOLD
from corpus_site.metadata import DEFAULT_MAX_BYTES
from corpus_site.runtime.limits import DEFAULT_LIMITS, Limits

SearchBackend = Literal["material", "pagefind"]
IdsMode = Literal["record", "frozen"]


@dataclass(frozen=True)
class PluginOptions:
    """What a site can set under `plugins: - corpus:` in its `mkdocs.yml`."""

    corpus_dir: str = "corpus"
    """The folder holding the papers, relative to mkdocs.yml (or absolute)."""

    max_source_bytes: int = DEFAULT_MAX_BYTES
    """A source file larger than this is refused, so one huge file cannot stall a build."""

    max_seconds_per_source: float = DEFAULT_LIMITS.seconds_per_source
    """Give up on a source that takes longer to read: its worker is killed, the source is
    that file's error, the rest build (`--max-seconds-per-source`)."""

    max_pages: int = DEFAULT_LIMITS.pages
    """Refuse a PDF with more pages (`--max-pages`)."""

    max_stream_bytes: int = DEFAULT_LIMITS.stream_bytes
    """Refuse a PDF whose streams decode to more bytes: a small file can inflate to
    gigabytes (`--max-stream-bytes`)."""

    max_glyphs_per_page: int = DEFAULT_LIMITS.glyphs_per_page
    """Refuse a PDF with a page of more glyphs; a dense journal page has about 5,000
    (`--max-glyphs-per-page`)."""

    max_metadata_chars: int = DEFAULT_LIMITS.metadata_chars
    """Refuse a metadata string (in a paper's `.yml`) that is longer; a PDF's own info
    strings over it are left out (`--max-metadata-chars`)."""

    ids_dir: str | None = None
    """Where the id records live (one JSON file per paper, to commit with the corpus),
    relative to mkdocs.yml; by default `.ids/` inside the corpus folder."""

    ids: IdsMode = "record"
    """`record`: keep every published id, record new ones. `frozen`: also fail the build
    when a recorded id would be left with no passage like the one it named."""

    cache: bool = True
    """Keep what the readers extracted between builds, keyed by file content (see
    runtime/cache.py)."""

    cache_dir: str | None = None
    """Where the cache lives, relative to mkdocs.yml; by default `.cache/corpus-site` beside
    mkdocs.yml, or beside the corpus folder when the build uses the packaged config."""

    workers: int | None = None
    """Processes extracting papers in parallel; by default one per core (1 turns it off)."""

    passage_search: bool = True
    """Index the paper pages by passage: one search record per paragraph, list item and note,
    made from the Documents (the search plugin is told to skip those pages)."""

    min_fidelity: float = FIDELITY_THRESHOLD
    """Warn (so `--strict` fails) when a text source's page keeps a smaller share of its
    words; 0 skips the measure."""

    min_fidelity_pdf: float = PDF_FIDELITY_THRESHOLD
    """The same for a PDF, in letters of what its pages print (less page furniture and left-out
    table and chart text); 0 skips it. Under half kept is an error whatever this says."""

    search_backend: SearchBackend = "material"
    """`material`: Material's search, one index of the whole corpus fetched before the first
    result. `pagefind` (for large corpora; `pip install 'corpus-site[pagefind]'`): Pagefind
    indexes the built paper pages after the build and a query fetches only the index chunks
    it needs; Material's search box gives way to a search page (`search/`) linked from the
    header, whose results land on the paragraph too (see search/pagefind.py)."""

    def limits(self) -> Limits:
        """The reading limits these options set."""
        return Limits(
            seconds_per_source=self.max_seconds_per_source,
            pages=self.max_pages,
            stream_bytes=self.max_stream_bytes,
            glyphs_per_page=self.max_glyphs_per_page,
            metadata_chars=self.max_metadata_chars,
        )

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], source: Path) -> PluginOptions:
        """The options written in `source` (a `mkdocs.yml`), checked as MkDocs checks them:
        an unknown key or a value of the wrong type is a CorpusError naming the file."""
        known = {spec.name: spec for spec in option_specs()}
        checked: dict[str, Any] = {}
        for key, value in values.items():
            spec = known.get(key)
            if spec is None:
                allowed = ", ".join(sorted(known))
                raise CorpusError(source, f"unknown option '{key}' of plugin 'corpus' ({allowed})")
            if not spec.accepts(value):
                raise CorpusError(source, f"option '{key}' of plugin 'corpus' must be {spec.kind}")
            checked[key] = float(value) if spec.type is float else value
        return cls(**checked)


@dataclass(frozen=True)
class OptionSpec:
    """One option as data: its name, Python type, default, and the choices of a Literal."""

    name: str
    type: type
    default: Any
    optional: bool
    choices: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        if self.choices:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        return f"{'nothing or ' if self.optional else ''}a value of type {self.type.__name__}"

    def accepts(self, value: Any) -> bool:
        if value is None:
            return self.optional
        if self.choices:
            return value in self.choices
        if self.type is float:
            return isinstance(value, int | float) and not isinstance(value, bool)
        if self.type is int:
            return isinstance(value, int) and not isinstance(value, bool)
        return isinstance(value, self.type)


def option_specs() -> list[OptionSpec]:
    """Each field of `PluginOptions` as an OptionSpec, in declaration order."""
    hints = get_type_hints(
        PluginOptions, globalns={"SearchBackend": SearchBackend, "IdsMode": IdsMode}
    )
    specs = []
    for option in fields(PluginOptions):
        hint = hints[option.name]
        arguments = get_args(hint)
        optional = type(None) in arguments
        choices: tuple[str, ...] = ()
        if getattr(hint, "__origin__", None) is Literal:
            choices, python_type = tuple(arguments), str
        elif optional:
            python_type = next(a for a in arguments if a is not type(None))
        else:
            python_type = hint
        specs.append(OptionSpec(option.name, python_type, option.default, optional, choices))
    return specs
