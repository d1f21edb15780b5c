"""The `corpus` plugin's MkDocs `Config`, derived from `options.PluginOptions`.

MkDocs checks each option against this schema; the plugin then works from a PluginOptions
instance, so the options, their defaults and their types are written down once.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import BaseConfigOption, Config

from corpus_site.options import OptionSpec, PluginOptions, option_specs


def _config_option(spec: OptionSpec) -> BaseConfigOption[Any]:
    option: BaseConfigOption[Any]
    if spec.choices:
        return config_options.Choice(spec.choices, default=spec.default)
    # MkDocs' Type(float) refuses a whole number; `min_fidelity: 0` must work.
    python_type: Any = (int, float) if spec.type is float else spec.type
    if spec.optional:
        option = config_options.Optional(config_options.Type(python_type))
    else:
        option = config_options.Type(python_type, default=spec.default)
    return option


# MkDocs reads a Config's schema from its class attributes when the class is made.
_Schema: Any = type("_Schema", (Config,), {s.name: _config_option(s) for s in option_specs()})


class CorpusConfig(_Schema):  # type: ignore[misc]
    """The plugin's options as MkDocs validates them (see `options.PluginOptions`)."""


def plugin_options(config: Config) -> PluginOptions:
    """The validated options as a PluginOptions."""
    values = {option.name: config[option.name] for option in fields(PluginOptions)}
    for spec in option_specs():  # MkDocs lets a whole number through for a float
        if spec.type is float and values[spec.name] is not None:
            values[spec.name] = float(values[spec.name])
    return PluginOptions(**values)
