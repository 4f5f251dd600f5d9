"""The web console's college overview: compliance by person, by rule and person × rule.

Built from the same evaluation as the digest (reports/digest_data.py), for one period kind
(week, month, term or year): the quotas of that kind open on the day, a week earlier for the
change since last week.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from models.org import Staff
from policy.evaluation import RuleStatus
from reports.digest_data import StatusTally

PERIOD_KINDS = ("week", "month", "term", "year")
# The worst status of a rule decides its heat-map cell (a rule per class has several).
SEVERITY = ("met", "on_track", "at_risk", "behind", "missed")


def compliance(tally: StatusTally) -> float | None:
    """Share of quotas met or on pace, 0..1; None with nothing to count."""
    if tally.total == 0:
        return None
    return (tally.met + tally.on_track) / tally.total


@dataclass(frozen=True)
class PersonRow:
    """One person: their tally now and a week earlier, and the worst status of each rule."""

    staff_id: int
    name: str
    roles: tuple[str, ...]
    now: StatusTally
    before: StatusTally
    cells: dict[str, str]


@dataclass(frozen=True)
class RuleRow:
    """One rule across the people shown."""

    rule_id: str
    title: str
    tally: StatusTally


@dataclass(frozen=True)
class Overview:
    """The figures of one period kind for the people a filter keeps."""

    kind: str
    people: tuple[PersonRow, ...]
    rules: tuple[RuleRow, ...]
    total: StatusTally
    total_before: StatusTally


def open_of_kind(statuses: Iterable[RuleStatus], kind: str, day: date) -> list[RuleStatus]:
    """Statuses that apply, of periods of this kind open on the day (term: spring term too)."""
    kinds = {kind, "spring_term"} if kind == "term" else {kind}
    return [
        s
        for s in statuses
        if s.period.kind in kinds
        and s.period.start <= day <= s.period.end
        and s.status != "not_applicable"
    ]


def worst(statuses: Iterable[RuleStatus]) -> str:
    """The most severe status among these."""
    return max((str(s.status) for s in statuses), key=SEVERITY.index, default="met")


def build_overview(
    current: Sequence[RuleStatus],
    earlier: Sequence[RuleStatus],
    people: Sequence[Staff],
    *,
    kind: str,
    today: date,
    keep: Callable[[RuleStatus], bool] = lambda s: True,
) -> Overview:
    """Tally the people's quotas of one period kind: each person, each rule, everybody."""
    now_all = [s for s in open_of_kind(current, kind, today) if keep(s)]
    before_all = [s for s in open_of_kind(earlier, kind, today - timedelta(days=7)) if keep(s)]
    by_staff: dict[int, list[RuleStatus]] = defaultdict(list)
    before_by_staff: dict[int, list[RuleStatus]] = defaultdict(list)
    by_rule: dict[str, list[RuleStatus]] = defaultdict(list)
    for s in now_all:
        by_staff[s.staff_id].append(s)
        by_rule[s.rule.id].append(s)
    for s in before_all:
        before_by_staff[s.staff_id].append(s)
    rows = []
    for person in people:
        own = by_staff.get(person.id or 0, [])
        if not own:
            continue
        per_rule: dict[str, list[RuleStatus]] = defaultdict(list)
        for s in own:
            per_rule[s.rule.id].append(s)
        rows.append(PersonRow(
            person.id or 0, person.name, tuple(person.roles), StatusTally.of(own),
            StatusTally.of(before_by_staff.get(person.id or 0, [])),
            {rule: worst(group) for rule, group in per_rule.items()},
        ))  # fmt: skip
    # The least compliant first: that is where a leader looks.
    rows.sort(key=lambda r: (compliance(r.now) or 0.0, r.name, r.staff_id))
    rules = [
        RuleRow(rule_id, group[0].rule.title_zh, StatusTally.of(group))
        for rule_id, group in sorted(by_rule.items())
    ]
    kept = {r.staff_id for r in rows}
    return Overview(
        kind,
        tuple(rows),
        tuple(rules),
        StatusTally.of(s for s in now_all if s.staff_id in kept),
        StatusTally.of(s for s in before_all if s.staff_id in kept),
    )
