"""What the sentence says by word: its kind, subtype, other choices, findings, crisis, theme."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy.freetext.text import BLANK, Text
from policy.freetext.vocabulary import Hit, KindWords, Vocabulary, groups, matcher
from policy.kinds import ActivityKind

# 主题是X / 主题为X / 主题：X, and 以X为主题: the theme as written, up to the next punctuation.
_THEME_SAID = re.compile(r"主题(?:是|为|:)\s*(?P<t>[^,.;!?，。；！？、\s\x00]+)")
_THEME_AROUND = re.compile(r"以(?P<t>[^,.;!?，。；！？、\s\x00]{1,20}?)为主题")
_NEGATION_WINDOW = 4
_CLAUSE = re.compile(r"[,.;!?，。；！？、\s]")


@dataclass(frozen=True)
class KindFound:
    """The kind a sentence is about and the word that said so (not a theme of it)."""

    code: str | None = None
    word: tuple[int, int] | None = None


def find_kind(text: Text, vocabulary: Vocabulary, allowed: list[str]) -> KindFound:
    """The kind: the highest-priority kind word, the earliest on a tie; else a topic's kind."""
    words = {code: vocabulary.kinds[code] for code in allowed if code in vocabulary.kinds}
    readable = text.unquoted
    for phrase in matcher(("ignore", vocabulary.ignore)).find(readable):
        readable = (
            readable[: phrase.start] + BLANK * (phrase.end - phrase.start) + readable[phrase.end :]
        )
    naming = matcher(*((code, w.naming_words) for code, w in words.items()))
    hits = list(naming.find(readable))
    if hits:
        best = max(hits, key=lambda h: (words[h.code].priority, -h.start))
        return KindFound(best.code, best.span)
    topic = matcher(*((code, w.topics) for code, w in words.items())).first(readable)
    return KindFound(topic.code, None) if topic else KindFound()


def find_subtype(text: Text, words: KindWords) -> Hit | None:
    """The first subtype word written, or a subtype composed of its parts (training)."""
    if words.subtype_parts:
        chosen: list[str] = []
        for part in words.subtype_parts:
            hit = matcher(*groups(part.options)).first(text.unquoted)
            code = hit.code if hit else part.default
            if code is None:
                return None
            chosen.append(code)
        return Hit(-1, -1, "_".join(chosen))
    return matcher(*groups(words.subtype)).first(text.unquoted)


def find_choice(
    text: Text, vocabulary: Vocabulary, key: str, options: tuple[str, ...]
) -> str | None:
    """The first option of a choice field (relation, channel, platform) the sentence names."""
    known = {o: w for o, w in vocabulary.choices.get(key, {}).items() if o in options}
    hit = matcher(*groups(known)).first(text.unquoted)
    if hit is None and (link := text.link()) is not None:
        hosts = {o: w for o, w in vocabulary.link_choices.get(key, {}).items() if o in options}
        hit = matcher(*groups(hosts)).first(link.lower())
    return hit.code if hit else None


def find_findings(text: Text, vocabulary: Vocabulary, kind: ActivityKind) -> tuple[str, ...]:
    """What a dorm visit found, in the order of the options; `normal` when nothing was wrong."""
    spec = kind.field("findings")
    if spec is None:
        return ()
    hits = list(matcher(*groups(vocabulary.findings)).find(text.unquoted))
    problems = {h.code for h in hits if h.code != "normal" and not _negated(text, h, vocabulary)}
    if problems:
        return tuple(o for o in spec.options if o in problems)
    return ("normal",) if hits and "normal" in spec.options else ()


def crisis_words(text: Text, vocabulary: Vocabulary) -> bool:
    """Whether a crisis word is written and not denied (无自伤倾向 is not a crisis)."""
    hits = matcher(("crisis", vocabulary.crisis)).find(text.unquoted)
    return any(not _negated(text, h, vocabulary) for h in hits)


def _negated(text: Text, hit: Hit, vocabulary: Vocabulary) -> bool:
    """Whether a negation stands just before a word."""
    before = text.unquoted[max(0, hit.start - _NEGATION_WINDOW) : hit.start]
    # Only within the clause: 张伟没回来，失联 denies nothing about 失联.
    before = _CLAUSE.split(before)[-1]
    return matcher(("no", vocabulary.negations)).first(before) is not None


def find_theme(
    text: Text, vocabulary: Vocabulary, *, titles: bool, taken: list[tuple[int, int] | None]
) -> str | None:
    """The theme: quoted, or after 主题是, or 以…为主题, else the first theme word written.

    A theme word that is the very word which named the kind or subtype (安全教育 in
    安全教育活动) says nothing more, so it is not a theme.
    """
    quoted = text.quoted(titles=False) or (text.quoted(titles=True) if titles else None)
    if quoted:
        return quoted
    for pattern in (_THEME_SAID, _THEME_AROUND):
        if (match := pattern.search(text.unquoted)) is not None:
            return text.raw_slice(*match.span("t"))
    for hit in matcher(("theme", vocabulary.themes)).find(text.unquoted):
        if hit.span not in taken:
            return text.raw_slice(hit.start, hit.end)
    return None
