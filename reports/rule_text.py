"""A rule as people read it: its window and what the college decides (/rules, the workbook)."""

from __future__ import annotations

from i18n import Translate
from policy.rules import Rule


def window_text(rule: Rule, t: Translate) -> str | None:
    """The part of the term whose records count, e.g. （第 8–11 教学周）; None without one."""
    w = rule.window
    if w is None:
        return None
    if w.part == "weeks":
        return t("rules-window-weeks", start=w.from_week or 0, end=w.to_week or 0)
    if w.part == "first":
        return t("rules-window-first", weeks=w.weeks or 0)
    if w.next_term_weeks:
        return t("rules-window-last-next", weeks=w.weeks or 0, next=w.next_term_weeks)
    return t("rules-window-last", weeks=w.weeks or 0)


def rule_rows(rules: list[Rule], t: Translate) -> list[list[str]]:
    """One row per rule in force: ID, what it asks, its window, whose number, the note."""
    rows = []
    for rule in rules:
        asks = t("rules-target", target=f"{rule.target:g}", period=t(f"period-{rule.period}"))
        whose = t("rules-college-choice") if rule.unquantified else ""
        rows.append([
            rule.id, f"{rule.title_zh} — {asks}", window_text(rule, t) or "", whose,
            rule.note or "", rule.article,
        ])  # fmt: skip
    return rows
