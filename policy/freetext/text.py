"""The sentence being read: folded once, with the parts already used blanked out."""

from __future__ import annotations

import re
import unicodedata

BLANK = "\x00"
# Quoted titles and themes: their words are a theme, never a kind, a name or a crisis.
_QUOTED = re.compile(r"《[^》]*》|“[^”]*”|「[^」]*」|\"[^\"]*\"|『[^』]*』")
# Links: their letters are no words either (the qq of mp.weixin.qq.com is not QQ).
_LINK = re.compile(r"https?://[^\s，。,;；]+")


def fold(text: str) -> str:
    """Full-width digits, letters and punctuation to half-width, lower case, as matched."""
    return unicodedata.normalize("NFKC", text).lower()


class Text:
    """A sentence folded for matching; `free` blanks what earlier steps have used."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.folded = fold(raw)
        self.free = self.folded
        self.links = [(m.start(), m.end()) for m in _LINK.finditer(self.folded)]
        for span in self.links:
            self.consume(span)
        self.quotes = [(m.start(), m.end()) for m in _QUOTED.finditer(self.free)]
        for span in self.quotes:
            self.consume(span)
        # Words (kinds, findings, crisis) are read here: quotes out, nothing else taken away.
        self.unquoted = self.free

    def consume(self, span: tuple[int, int]) -> None:
        """Blank a span so that later steps do not read it again."""
        start, end = span
        self.free = self.free[:start] + BLANK * (end - start) + self.free[end:]

    def quoted(self, *, titles: bool) -> str | None:
        """The first text in 《》 (titles) or in other quotation marks (not titles)."""
        for start, end in self.quotes:
            if (self.folded[start] == "《") == titles and end - start > 2:
                return self.raw_slice(start + 1, end - 1).strip()
        return None

    def link(self) -> str | None:
        """The first link, as typed."""
        return self.raw_slice(*self.links[0]) if self.links else None

    def raw_slice(self, start: int, end: int) -> str:
        """Part of the sentence as typed (NFKC keeps lengths of CJK and ASCII text alike)."""
        original = unicodedata.normalize("NFKC", self.raw)
        return original[start:end]
