"""The reader's words, loaded once from policy/data/freetext.yaml, and how they are found."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from policy import yaml_load

Words = tuple[str, ...]


class SubtypePart(BaseModel):
    """One part of a composed subtype (training: stage, then level)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    options: dict[str, Words]
    default: str | None = None


class KindWords(BaseModel):
    """How one kind is written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    priority: int = 0
    words: Words = ()
    # Words that say this kind only about a named student (交流, 沟通), when no word says one.
    person_words: Words = ()
    topics: Words = ()
    subtype: dict[str, Words] = Field(default_factory=dict)
    subtypes_name_kind: bool = False
    subtype_parts: tuple[SubtypePart, ...] = ()

    @property
    def naming_words(self) -> Words:
        """The words that say this kind outright."""
        implied = [w for ws in self.subtype.values() for w in ws] if self.subtypes_name_kind else []
        return (*self.words, *implied)


class Vocabulary(BaseModel):
    """Everything the reader recognizes by word."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: dict[str, KindWords]
    ignore: Words = ()
    choices: dict[str, dict[str, Words]] = Field(default_factory=dict)
    link_choices: dict[str, dict[str, Words]] = Field(default_factory=dict)
    findings: dict[str, Words]
    crisis: Words
    negations: Words
    themes: Words
    theme_verbs: Words = ()
    theme_tails: Words = ()
    not_themes: Words = ()
    not_theme_endings: Words = ()
    name_not_after: Words = ()
    name_not_before: Words = ()
    time_of_day: dict[str, Words]


@dataclass(frozen=True)
class Hit:
    """A word found in the text: where, and what it stands for."""

    start: int
    end: int
    code: str

    @property
    def span(self) -> tuple[int, int]:
        """Where the word is."""
        return self.start, self.end


class Matcher:
    """Finds words leftmost-longest, each standing for a code (several words to one code)."""

    def __init__(self, words: Mapping[str, Iterable[str]]) -> None:
        self._code: dict[str, str] = {}
        for code, group in words.items():
            for word in group:
                # The first code listed keeps a word shared by two (听课 for two kinds).
                self._code.setdefault(word.lower(), code)
        # Longest first: Python's alternation takes the first alternative that matches, so at
        # each position the longest word wins and a shorter word inside it is never found.
        ordered = sorted(self._code, key=len, reverse=True)
        self._pattern = re.compile("|".join(_alternative(w) for w in ordered)) if ordered else None

    def find(self, text: str) -> Iterator[Hit]:
        """The words in `text`, left to right, never overlapping."""
        if self._pattern is None:
            return
        for match in self._pattern.finditer(text):
            yield Hit(match.start(), match.end(), self._code[match.group()])

    def first(self, text: str) -> Hit | None:
        """The first word in `text`."""
        return next(self.find(text), None)


def _alternative(word: str) -> str:
    """A word as a regex; Latin words only match as whole words (talk, not stalk)."""
    escaped = re.escape(word)
    if word[0].isascii() and word[0].isalpha():
        escaped = r"(?<![a-z])" + escaped
    if word[-1].isascii() and word[-1].isalpha():
        escaped += r"(?![a-z])"
    return escaped


@cache
def load_vocabulary() -> Vocabulary:
    """The shipped vocabulary."""
    path = resources.files("policy").joinpath("data/freetext.yaml")
    return Vocabulary.model_validate(yaml_load.load(path.read_text(encoding="utf-8")))


# Bounded: rosters give every caller their own name matcher, and callers come and go.
@lru_cache(maxsize=256)
def matcher(*groups: tuple[str, Words]) -> Matcher:
    """A matcher for these (code, words) groups, built once while in use."""
    return Matcher(dict(groups))


def groups(words: Mapping[str, Words]) -> tuple[tuple[str, Words], ...]:
    """A mapping of words as hashable groups, to key the matcher cache."""
    return tuple(words.items())
