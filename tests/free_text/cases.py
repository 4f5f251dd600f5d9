"""The sentence table and its fictional caller, and how a proposal is compared with a row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from policy.freetext import Caller, ClassRef, Proposal, StudentRef, class_aliases, read
from policy.kinds import load_kinds

HERE = Path(__file__).parent
# The fields compared, in the order the benchmark prints them.
FIELDS = (
    "kind", "stu", "amb", "notown", "cls", "dorm", "date", "problem", "time", "at",
    "sub", "theme", "att", "hours", "find", "det", "crisis",
)  # fmt: skip
# Expected keys that only make sense for kinds with such a field.
_FIELD_OF = {"stu": "student", "amb": "student", "notown": "student", "cls": "class"}


@dataclass(frozen=True)
class Case:
    """One sentence and the fields it should propose."""

    number: int
    text: str
    held_out: bool
    roles: tuple[str, ...]
    expected: dict[str, Any]


@cache
def roster() -> dict[str, Any]:
    """The fictional roster of roster.yaml."""
    data: dict[str, Any] = yaml.safe_load((HERE / "roster.yaml").read_text(encoding="utf-8"))
    return data


def today() -> date:
    """The day every sentence is read on."""
    value: date = roster()["today"]
    return value


def caller(roles: tuple[str, ...]) -> Caller:
    """The roster's counselor, as the handler would describe them to the reader."""
    data = roster()
    classes = {c["id"]: c for c in data["classes"]}
    students = tuple(
        StudentRef(
            id=s["id"],
            name=s["name"],
            student_no=s["number"],
            class_id=s["class"],
            class_name=classes[s["class"]]["name"],
            dorm=s["dorm"],
        )
        for s in data["students"]
    )
    return Caller(
        students=students,
        classes=tuple(
            ClassRef(c["id"], c["name"], class_aliases(c["name"], c["grade"]))
            for c in data["classes"]
        ),
        kinds=frozenset(k.code for k in load_kinds().for_roles(list(roles))),
        others=frozenset(data["others"]),
    )


@cache
def cases(file: str = "sentences.yaml") -> tuple[Case, ...]:
    """Every sentence of a table, numbered from 1 (none when the file is absent)."""
    if not (HERE / file).exists():
        return ()
    rows = yaml.safe_load((HERE / file).read_text(encoding="utf-8"))["sentences"]
    default = tuple(roster()["roles"])
    return tuple(
        Case(
            number=n,
            text=row["t"],
            held_out=bool(row.get("held_out")) or file != "sentences.yaml",
            roles=tuple(row.get("roles", default)),
            expected=expected(row),
        )
        for n, row in enumerate(rows, start=1)
    )


def expected(row: dict[str, Any]) -> dict[str, Any]:
    """A row's expected fields, without those the kind has no field for."""
    kind = load_kinds().get(row["kind"]) if row.get("kind") else None
    fields = {f.type for f in kind.fields} if kind else None
    out: dict[str, Any] = {}
    for key in FIELDS:
        value = row.get(key)
        if value in (None, [], {}, False):
            continue
        if fields is not None and key in _FIELD_OF and _FIELD_OF[key] not in fields:
            continue
        out[key] = _canonical(key, value)
    return out


def observed(proposal: Proposal) -> dict[str, Any]:
    """A proposal in the row's terms."""
    values: dict[str, Any] = {
        "kind": proposal.kind,
        "stu": list(proposal.student_ids),
        "amb": {a.name: [s.id for s in a.candidates] for a in proposal.ambiguous},
        "notown": list(proposal.not_own),
        "cls": proposal.class_id,
        "dorm": proposal.dorm,
        "date": proposal.occurred_on,
        "problem": proposal.date_problem,
        "time": proposal.time_of_day,
        "at": proposal.at.strftime("%H:%M") if proposal.at else None,
        "sub": proposal.subtype,
        "theme": proposal.theme,
        "att": proposal.attendance,
        "hours": proposal.hours,
        "find": list(proposal.findings),
        "det": dict(proposal.details),
        "crisis": proposal.crisis_proposed,
    }
    return {k: _canonical(k, v) for k, v in values.items() if v not in (None, [], {}, False)}


def _canonical(key: str, value: Any) -> Any:
    """One form for comparing: sets sorted, numbers as floats, students as sets."""
    if key in ("stu", "notown", "find"):
        return sorted(str(v) for v in value)
    if key == "amb":
        return {name: sorted(ids) for name, ids in value.items()}
    if key in ("att", "hours"):
        return float(value)
    return value


def run(case: Case) -> dict[str, Any]:
    """What the reader proposes for a case."""
    return observed(read(case.text, today=today(), caller=caller(case.roles)))


def wrong_student(case: Case, got: dict[str, Any]) -> bool:
    """Whether the proposal names a student the sentence does not mean."""
    return bool(set(got.get("stu", [])) - set(case.expected.get("stu", [])))
