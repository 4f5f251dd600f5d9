"""Localized strings from Fluent files: Simplified Chinese by default, English on request."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from functools import cache, partial
from importlib import resources
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import fluent_number

DEFAULT_LOCALE = "zh"
LOCALES = {"zh": "zh-CN", "en": "en"}

Translate = Callable[..., str]


@cache
def _bundle(locale: str) -> FluentBundle:
    """All .ftl files of one locale, loaded once."""
    folder = resources.files("i18n").joinpath("locales", LOCALES[locale])
    # No Unicode isolation marks: Telegram shows them as stray characters in Chinese text.
    bundle = FluentBundle([LOCALES[locale]], use_isolating=False)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".ftl"):
            bundle.add_resource(FluentResource(entry.read_text(encoding="utf-8")))
    return bundle


def esc(value: object) -> str:
    """Escape a value (a name, a note) before it goes into an HTML message."""
    return html.escape(str(value), quote=False)


def role_names(t: Translate, roles: Iterable[str]) -> str:
    """A person's roles in the reader's language (辅导员、班主任), never an empty string."""
    return t("role-separator").join(t(f"role-{r}") for r in roles) or t("role-none")


def has_message(key: str, locale: str = DEFAULT_LOCALE) -> bool:
    """Whether a string with this key exists for the locale."""
    return _bundle(normalize_locale(locale)).has_message(key)


def normalize_locale(locale: str | None) -> str:
    """Map a stored or Telegram language code onto a supported locale."""
    if locale and locale.lower().startswith("en"):
        return "en"
    return DEFAULT_LOCALE


def t(key: str, locale: str = DEFAULT_LOCALE, **args: Any) -> str:
    """The string for `key` in the locale, falling back to Chinese, then to the key itself."""
    if not args:  # most strings are labels: formatted once (a /dorm's answer has a dozen)
        return _plain(key, normalize_locale(locale))
    return _format(key, locale, args)


@cache
def _plain(key: str, locale: str) -> str:
    """A string without arguments, formatted once per key and locale."""
    return _format(key, locale, {})


def _format(key: str, locale: str, args: dict[str, Any]) -> str:
    """`t`'s work: the first locale that has the key formats it with the arguments."""
    for loc in dict.fromkeys((normalize_locale(locale), DEFAULT_LOCALE)):
        bundle = _bundle(loc)
        if bundle.has_message(key):
            message = bundle.get_message(key)
            if message.value is None:
                continue
            # No digit grouping: "2,000" reads oddly in Chinese; numbers stay numbers for plurals.
            plain = {
                k: fluent_number(v, useGrouping=False)
                if isinstance(v, int) and not isinstance(v, bool)
                else v
                for k, v in args.items()
            }
            text, _errors = bundle.format_pattern(message.value, plain)
            return str(text)
    return key


def for_language(language: str | None) -> Translate:
    """The translator for a person's stored language setting."""
    return translator(normalize_locale(language))


def translator(locale: str) -> Translate:
    """A `t` bound to one locale, for code that formats many strings."""
    # A partial, not a closure: it pickles, so a digest can be drawn in another process.
    return partial(t, locale=locale)
