"""The theme of an activity, quoted or not: “远离网贷”, 主题是X, 关于X, a listed word, a phrase."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policy.freetext.text import BLANK, Text
from policy.freetext.vocabulary import Vocabulary, matcher

Span = tuple[int, int]
# What ends a phrase: punctuation, spaces, and the parts of the sentence already used.
_END = r",.;!?:，。；！？、：\s\x00"
# 主题是X / 主题为X / 主题：X, and 以X为主题: the theme as written, up to the next punctuation.
_THEME_SAID = re.compile(rf"主题(?:是|为|:)\s*(?P<t>[^{_END}]+)")
_THEME_AROUND = re.compile(rf"以(?P<t>[^{_END}]{{1,20}}?)为主题")
# 关于X, 围绕X(展开): what a meeting was about, up to the next punctuation or used part.
_THEME_ABOUT = re.compile(rf"(?:关于|围绕|有关)(?P<t>[^{_END}]{{2,30}})")
# 讲了X, 说了下X: what was told, as written (讲了防溺水安全, not the listed 防溺水 inside it).
_THEME_TOLD = re.compile(rf"(?:讲了|讲的是|说了下|说了)(?P<t>[^{_END}]{{2,30}})")
_SEGMENT = re.compile(rf"[^{_END}]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_OR_DIGIT = re.compile(r"[a-z0-9%]")
MIN_LENGTH, MAX_LENGTH = 2, 20
_CONTESTS = ("大赛", "比赛", "竞赛")


def find_theme(
    text: Text, vocabulary: Vocabulary, *, titles: bool, taken: list[Span | None]
) -> str | None:
    """The theme, by the first rule that finds one.

    1. Quoted (“远离网贷”), or a title in 《》 when the kind has no course field.
    2. Said as one: 主题是X, 以X为主题, 关于X, 围绕X展开, 讲了X.
    3. A theme word of the vocabulary (诚信教育), unless it holds the word that named the
       kind or subtype (安全教育 in 安全教育活动, 宿舍文化节 says nothing more): the theme is
       then the one beside it (宿舍文化节 宿舍美化大赛), if any.
    4. A contest named with a kind's word (寝室美化大赛 in 寝室文化节 寝室美化大赛 决赛).
    5. A bare phrase between punctuation that nothing else used (机电2201 集体活动 篮球赛):
       Chinese only, no number in it, no kind, time or crisis word, not an audience (新生).
    """
    quoted = text.quoted(titles=False) or (text.quoted(titles=True) if titles else None)
    if quoted:
        return quoted
    used = [span for span in taken if span is not None]
    for pattern in (_THEME_SAID, _THEME_AROUND, _THEME_ABOUT, _THEME_TOLD):
        if (match := pattern.search(text.free)) is not None:
            # What was told is taken whole, kind words and all (讲了寝室安全).
            told = pattern is _THEME_TOLD
            start, end = _cut(match.span("t"), used, text.free, vocabulary, kinds=not told)
            phrase = _trimmed(text.raw_slice(start, end), vocabulary)
            if len(phrase) >= MIN_LENGTH:
                return phrase
    listed = [h for h in matcher(("theme", vocabulary.themes)).find(text.unquoted)]
    beside = [h for h in listed if not any(h.start < e and s < h.end for s, e in used)]
    holding = [h for h in listed if h.span not in used]
    for hit in (*beside, *holding):
        return text.raw_slice(hit.start, hit.end)
    if (contest := _contest(text, vocabulary)) is not None:
        return contest
    return _joined(list(_bare_phrases(text, vocabulary, used)), text)


def _contest(text: Text, vocabulary: Vocabulary) -> str | None:
    """A contest named with a kind's word (寝室美化大赛): the contest is what it was about."""
    kinds = matcher(("kind", _kind_words(vocabulary)))
    for match in _SEGMENT.finditer(text.free):
        phrase = _trimmed(text.raw_slice(*match.span()), vocabulary)
        if phrase.endswith(_CONTESTS) and kinds.first(phrase.lower()) is not None:
            return phrase if MIN_LENGTH <= len(phrase) <= MAX_LENGTH else None
    return None


def _joined(bare: list[tuple[Span, str]], text: Text) -> str | None:
    """The first bare phrase, with those right after it across a space (珍爱生命 远离毒品)."""
    if not bare:
        return None
    (_start, end), phrase = bare[0]
    for (next_start, next_end), more in bare[1:]:
        if text.free[end:next_start].strip() or next_start - end != 1:
            break
        phrase, end = f"{phrase} {more}", next_end
    return phrase


def _cut(
    span: Span, used: list[Span], free: str, vocabulary: Vocabulary, *, kinds: bool = True
) -> Span:
    """A phrase up to the first word that names a kind (关于心理健康的班会 → 关于心理健康的)."""
    start, end = span
    kind = matcher(("kind", _kind_words(vocabulary))).first(free[start:end]) if kinds else None
    if kind is not None:
        end = start + kind.start
    for word_start, _ in used:
        if start <= word_start < end:
            end = word_start
    return start, end


def _kind_words(vocabulary: Vocabulary) -> tuple[str, ...]:
    """Every word that says a kind."""
    return tuple(w for k in vocabulary.kinds.values() for w in (*k.naming_words, *k.person_words))


def _trimmed(phrase: str, vocabulary: Vocabulary) -> str:
    """A phrase without the verbs before it and the particles after it (讲了X, X展开, X的)."""
    changed = True
    while changed and phrase:
        changed = False
        for verb in vocabulary.theme_verbs:
            if phrase.startswith(verb) and len(phrase) > len(verb):
                phrase, changed = phrase[len(verb) :], True
        for tail in vocabulary.theme_tails:
            if phrase.endswith(tail) and len(phrase) > len(tail):
                phrase, changed = phrase[: -len(tail)], True
    return phrase.strip()


def _bare_phrases(
    text: Text, vocabulary: Vocabulary, used: list[Span]
) -> Iterator[tuple[Span, str]]:
    """Phrases standing alone between punctuation that no other rule read."""
    words = matcher(*_other_words(vocabulary))
    for match in _SEGMENT.finditer(text.free):
        start, end = match.span()
        # A phrase holding the kind's word is the activity's name, not its theme.
        if any(start < w_end and w_start < end for w_start, w_end in used):
            continue
        # Lengths stay those of the raw sentence: NFKC keeps Chinese one character each.
        if _blank_next_to(text.free, start, end):
            continue
        phrase = _trimmed(text.raw_slice(start, end), vocabulary)
        folded = phrase.lower()
        if not (MIN_LENGTH <= len(phrase) <= MAX_LENGTH) or not _CJK.search(folded):
            continue
        if _LATIN_OR_DIGIT.search(folded) or words.first(folded) is not None:
            continue
        if folded.endswith(vocabulary.not_theme_endings):
            continue
        yield (start, end), phrase


def _blank_next_to(free: str, start: int, end: int) -> bool:
    """Whether a used part touches the phrase (机械2301开班会: 开班会 is not a phrase alone)."""
    return (start > 0 and free[start - 1] == BLANK) or (end < len(free) and free[end] == BLANK)


def _other_words(vocabulary: Vocabulary) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Words that make a phrase something other than a theme: kinds, times, crisis, findings."""
    findings = tuple(w for ws in vocabulary.findings.values() for w in ws)
    times = tuple(w for ws in vocabulary.time_of_day.values() for w in ws)
    return (
        ("kind", _kind_words(vocabulary)),
        ("finding", findings),
        ("time", times),
        ("crisis", vocabulary.crisis),
        ("not", vocabulary.not_themes),
    )
