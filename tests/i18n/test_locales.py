"""Every string exists in both languages, and every kind and option has a label."""

import re
from importlib import resources

from i18n import LOCALES, has_message, t
from policy.kinds import load_kinds

KEY = re.compile(r"^([a-z][a-zA-Z0-9_-]*) =", re.M)


def keys_of(locale: str) -> set[str]:
    folder = resources.files("i18n").joinpath("locales", LOCALES[locale])
    text = "".join(
        f.read_text(encoding="utf-8") for f in folder.iterdir() if f.name.endswith(".ftl")
    )
    return set(KEY.findall(text))


def test_it_has_the_same_strings_in_chinese_and_english() -> None:
    assert keys_of("zh") == keys_of("en")


def test_it_labels_every_kind_field_and_option_in_both_languages() -> None:
    missing = []
    for kind in load_kinds().kinds:
        wanted = [f"kind-{kind.code}", f"menu-{kind.menu}"]
        wanted += [f"field-{f.key}" for f in kind.fields]
        wanted += [f"option-{o}" for f in kind.fields for o in f.options]
        missing += [(loc, k) for loc in ("zh", "en") for k in wanted if not has_message(k, loc)]
    assert missing == []


def test_it_falls_back_to_chinese_and_never_adds_isolation_marks() -> None:
    text = t("history-title", "fr", count=3)
    assert text == "<b>最近 3 条记录</b>"
    assert "\u2068" not in t("me-title", "en", name="Li")
