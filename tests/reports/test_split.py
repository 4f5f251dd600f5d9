"""Long digests are cut into messages Telegram accepts, between lines whenever possible."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reports.digest_text import TELEGRAM_LIMIT, split_message, units

lines = st.lists(
    st.text(st.characters(codec="utf-8", exclude_characters="\n"), max_size=300),
    max_size=60,
)


def test_it_keeps_a_short_message_whole() -> None:
    assert split_message("第一行\n第二行") == ["第一行\n第二行"]


def test_it_splits_at_4096_on_a_line_boundary() -> None:
    line = "张" * 99  # 40 lines and their newlines make 3,999 units; a 41st would pass 4,096
    text = "\n".join([line] * 100)
    parts = split_message(text)
    assert [units(p) for p in parts] == [3999, 3999, 1999]
    assert "\n".join(parts) == text


def test_it_fills_a_message_to_exactly_4096() -> None:
    exact = "a" * 2048 + "\n" + "b" * 2047
    assert split_message(exact) == [exact]
    assert split_message(exact + "b") == ["a" * 2048, "b" * 2048]


def test_it_counts_an_emoji_as_two_units() -> None:
    parts = split_message("😀" * 3000)
    assert [units(p) for p in parts] == [4096, 1904]


@given(lines, st.integers(min_value=20, max_value=TELEGRAM_LIMIT))
def test_it_never_exceeds_the_limit_and_loses_nothing(words: list[str], limit: int) -> None:
    text = "\n".join(words)
    parts = split_message(text, limit)
    assert all(units(p) <= limit for p in parts)
    # Parts that would be blank are dropped (Telegram refuses them); nothing else is.
    assert "".join("".join(parts).split()) == "".join(text.split())
    if all(units(w) <= limit for w in words) and text.strip():
        # Only whole lines moved: rejoining the parts gives the text back, minus blank lines.
        assert [w for w in "\n".join(parts).split("\n") if w.strip()] == [
            w for w in words if w.strip()
        ]
