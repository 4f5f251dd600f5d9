"""What the sentence says by word: its kind, subtype, other choices, findings and crisis."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy.freetext.text import BLANK, Text
from policy.freetext.vocabulary import Hit, KindWords, Vocabulary, groups, matcher
from policy.kinds import ActivityKind

_NEGATION_WINDOW = 4
_CLAUSE = re.compile(r"[,.;!?，。；！？、\s]")


@dataclass(frozen=True)
class KindFound:
    """The kind a sentence is about and the word that said so (not a theme of it)."""

    code: str | None = None
    word: tuple[int, int] | None = None


def find_kind(text: Text, vocabulary: Vocabulary, allowed: list[str], *, person: bool) -> KindFound:
    """The kind: the highest-priority kind word, the earliest on a tie; else a topic's kind.

    `person`: the sentence names a student, so words like 交流 say a kind (跟李明交流了).
    """
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
    if person:
        about = matcher(*((code, w.person_words) for code, w in words.items())).first(readable)
        if about is not None:
            return KindFound(about.code, about.span)
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
