"""The annual assessment of counselors and head teachers (catalog A01–A08). Pure: no I/O.

Counselors are graded so:

1. A04: a person reviewed but not graded (new, seconded, on leave, or 兼职: 「兼职辅导员工作参照
   本办法进行评议」) takes no grade and does not count toward the cap.
2. A06: a misconduct finding (否决事项) makes the grade 不合格.
3. A02: without enough student participants the student part is void, and the person cannot
   be graded until the student evaluation is re-run.
4. A06: a student score below 60 makes the grade 不合格.
5. A01 gives the total; A03 gives 优秀 to the highest totals of those eligible (A05 excludes
   some), at most 15% of those graded (rounded down), leaving out every tie at the boundary.
   A published college's grades are final: its people count toward the 15% and its 优秀
   take their places, so the others share only the places left.
   The others are 合格, or 基本合格 below the college's pass line.
6. A07 attaches the consequences of 基本合格 and 不合格.

Over 300 lines on purpose: the grading rules A01–A09 in article order, pure, one place to
check against the text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Literal

from models.assessment import GRADED
from policy.rules import Assessment

Grade = Literal[
    "excellent", "qualified", "basically_qualified", "unqualified", "not_graded", "pending"
]
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
MONTHS_IN_YEAR = Decimal(12)
ARTICLES = {
    "A01": "U 考核 第五条、第六条(四)",
    "A02": "U 考核 第六条(二)",
    "A03": "U 考核 第七条",
    "A04": "U 考核 第七条(一)",
    "A05": "U 考核 第七条(二)",
    "A06": "U 考核 第七条(三)",
    "A07": "U 考核 第八条、第九条",
    "A08": "U 班主任 第十二条、第十四条",
}


@dataclass(frozen=True)
class Reason:
    """Why a grade (or a limit) applies: the catalog rule, a reason code and its numbers."""

    rule: str
    code: str
    args: Mapping[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Scores:
    """The five components of A01, the college part as its two halves (0–100 each)."""

    self_score: Decimal
    students: Decimal
    head_teachers: Decimal
    panel: Decimal
    peer: Decimal
    department: Decimal


@dataclass(frozen=True)
class Facts:
    """What A02 and A04–A06 look at for one counselor in one year."""

    participants: int
    roster_students: int
    started_on: date | None = None
    seconded_months: Decimal = Decimal(0)
    leave_months: Decimal = Decimal(0)
    missed_training: bool = False
    missed_duty: bool = False
    days_away: Decimal = Decimal(0)
    punished_students: int = 0
    finding: str | None = None
    full_time: bool = True


@dataclass(frozen=True)
class Counselor:
    """One counselor to grade."""

    key: int
    scores: Scores
    facts: Facts


@dataclass(frozen=True)
class Result:
    """A grade with the rule that decided it, other limits that applied, and consequences."""

    key: int
    total: Decimal | None
    grade: Grade
    decided_by: Reason
    limits: tuple[Reason, ...] = ()
    consequences: tuple[str, ...] = ()


@dataclass(frozen=True)
class HeadTeacher:
    """One head teacher: the college's score and whether there was a major aid error."""

    key: int
    score: Decimal
    aid_error: bool = False


def a01_total(scores: Scores, rules: Assessment) -> Decimal:
    """A01 (U 考核 第五条、第六条(四)): the weighted total of the five parts, to two decimals."""
    w = {k: Decimal(str(v)) / HUNDRED for k, v in rules.counselor_weights.items()}
    split = {k: Decimal(str(v)) / HUNDRED for k, v in rules.college_split.items()}
    college = scores.panel * split["panel"] + scores.peer * split["peer"]
    total = (
        scores.self_score * w["self"]
        + scores.students * w["students"]
        + scores.head_teachers * w["head_teachers"]
        + college * w["college"]
        + scores.department * w["department"]
    )
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def a02_student_part(facts: Facts, rules: Assessment) -> Reason | None:
    """A02 (U 考核 第六条(二)): why the student part is void (under 50% took part), or None."""
    needed = Decimal(str(rules.student_participation_min_percent)) * facts.roster_students
    if facts.roster_students > 0 and facts.participants * HUNDRED >= needed:
        return None
    return Reason(
        "A02",
        "participation",
        {"participants": facts.participants, "roster": facts.roster_students},
    )


def a04_not_graded(facts: Facts, year_end: date, rules: Assessment) -> Reason | None:
    """A04 (U 考核 第三条、第七条(一)): why a counselor is reviewed but not graded, or None."""
    if not facts.full_time:
        # 第三条: the assessment grades 在岗专职辅导员; 兼职 are only reviewed by it.
        return Reason("A04", "part_time")
    limits = rules.not_graded
    years = int(limits["min_years_as_counselor"])
    if facts.started_on is not None and _add_years(facts.started_on, years) > year_end:
        return Reason("A04", "new_in_post", {"since": facts.started_on.isoformat()})
    in_post = MONTHS_IN_YEAR - facts.seconded_months
    if facts.seconded_months > 0 and in_post < Decimal(str(limits["min_months_in_post"])):
        return Reason("A04", "seconded", {"months": _plain(in_post)})
    if facts.leave_months > Decimal(str(limits["max_leave_months"])):
        return Reason("A04", "leave", {"months": _plain(facts.leave_months)})
    return None


def a05_not_excellent(facts: Facts, rules: Assessment) -> tuple[Reason, ...]:
    """A05 (U 考核 第七条(二)): every circumstance that rules out 优秀."""
    found = []
    if facts.missed_training:
        found.append(Reason("A05", "missed_training"))
    if facts.missed_duty:
        found.append(Reason("A05", "missed_duty"))
    # 「30 天以上」: in Chinese legal usage 以上 includes the number itself.
    if facts.days_away >= Decimal(str(rules.not_excellent["max_days_away"])):
        limit = _plain(Decimal(str(rules.not_excellent["max_days_away"])))
        found.append(Reason("A05", "days_away", {"days": _plain(facts.days_away), "limit": limit}))
    share = Decimal(str(rules.not_excellent["max_punished_percent"]))
    if facts.punished_students * HUNDRED > share * facts.roster_students:
        args = {"punished": facts.punished_students, "roster": facts.roster_students}
        found.append(Reason("A05", "punished", args))
    return tuple(found)


def a06_unqualified(
    student_score: Decimal | None, finding: str | None, rules: Assessment
) -> Reason | None:
    """A06 (U 考核 第七条(三)): why the grade is 不合格 (a finding, a student score below 60)."""
    if finding:
        return Reason("A06", "finding", {"finding": finding})
    below = Decimal(str(rules.unqualified_student_score_below))
    if student_score is not None and student_score < below:
        return Reason("A06", "student_score", {"score": _plain(student_score)})
    return None


def a03_excellent_cap(graded: int, percent: float) -> int:
    """A03 (U 考核 第七条): 优秀 at most this percentage of those graded, rounded down."""
    cap = Decimal(graded) * Decimal(str(percent)) / HUNDRED
    return int(cap.to_integral_value(rounding=ROUND_FLOOR))


def a03_pick_excellent(totals: Mapping[int, Decimal], cap: int) -> tuple[set[int], set[int]]:
    """A03 (U 考核 第七条): (chosen, left out by a tie at the boundary) among these totals."""
    ranked = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)
    if cap <= 0 or not ranked:
        return set(), set()
    if len(ranked) <= cap:
        return {k for k, _ in ranked}, set()
    boundary = ranked[cap][1]
    chosen = {k for k, v in ranked[:cap] if v > boundary}
    tied = {k for k, v in ranked if v == boundary and ranked[cap - 1][1] == boundary}
    return chosen, tied


def a07_consequences(grade: Grade, rules: Assessment) -> tuple[str, ...]:
    """A07 (U 考核 第八条、第九条): the consequences of a grade (reminder talk, removal)."""
    return tuple(rules.outcomes.get(grade, ()))


def grade_university(
    colleges: Mapping[str, Sequence[Counselor]],
    rules: Assessment,
    *,
    year_end: date,
    pass_lines: Mapping[str, float],
    final: Mapping[int, str] | None = None,
) -> dict[str, list[Result]]:
    """A03 (U 考核 第七条): grade every college's counselors, the 15% line per the policy's scope.

    「优秀等次名额不超过参加测评人员的 15%」: with `excellent_quota_scope: university` the
    line is 15% of everyone graded in the university, ranked together (a college of six
    can have an 优秀); with `college` each college has its own 15%. `final` holds the grades
    of published colleges (a publication is final): they count and keep their places.
    """
    final = final or {}
    if rules.excellent_quota_scope == "college":
        return {
            name: _grade(people, rules, year_end, {p.key: pass_lines[name] for p in people},
                         "college", final)
            for name, people in colleges.items()
        }  # fmt: skip
    everybody = [p for people in colleges.values() for p in people]
    lines = {p.key: pass_lines[name] for name, people in colleges.items() for p in people}
    graded = {r.key: r for r in _grade(everybody, rules, year_end, lines, "university", final)}
    return {name: [graded[p.key] for p in people] for name, people in colleges.items()}


def grade_counselors(
    people: Sequence[Counselor], rules: Assessment, *, year_end: date, pass_line: float
) -> list[Result]:
    """Grade one group (a college) of counselors by A01–A07, in the order given."""
    return _grade(people, rules, year_end, {p.key: pass_line for p in people}, "college", {})


def excellent_places(graded: int, taken: int, percent: float) -> int:
    """A03: the 优秀 places left when `taken` are already final (published), never below 0."""
    return max(0, a03_excellent_cap(graded, percent) - taken)


def _grade(
    people: Sequence[Counselor],
    rules: Assessment,
    year_end: date,
    pass_lines: Mapping[int, float],
    scope: str,
    final: Mapping[int, str],
) -> list[Result]:
    """Grade people ranked together for 优秀 (A03), each against their own pass line.

    People whose grade is final (their college published) are counted, not regraded.
    """
    decided: dict[int, Result] = {}
    open_: dict[int, tuple[Decimal, tuple[Reason, ...]]] = {}
    kept = [final[p.key] for p in people if p.key in final]
    for person in people:
        if person.key in final:
            decided[person.key] = Result(person.key, None, "pending", Reason("A03", "final"))
            continue
        facts = person.facts
        exempt = a04_not_graded(facts, year_end, rules)
        void = a02_student_part(facts, rules)
        total = None if void else a01_total(person.scores, rules)
        if exempt is not None:
            decided[person.key] = Result(person.key, total, "not_graded", exempt)
            continue
        failed = a06_unqualified(None if void else person.scores.students, facts.finding, rules)
        if failed is not None and (void is None or failed.code == "finding"):
            decided[person.key] = _result(person.key, total, "unqualified", failed, (), rules)
            continue
        if void is not None:
            decided[person.key] = Result(person.key, None, "pending", void)
            continue
        assert total is not None
        open_[person.key] = (total, a05_not_excellent(facts, rules))
    graded = len(open_) + sum(r.grade == "unqualified" for r in decided.values())
    graded += sum(g in GRADED for g in kept)
    cap = a03_excellent_cap(graded, rules.excellent_cap_percent)
    taken = sum(g == "excellent" for g in kept)
    places = excellent_places(graded, taken, rules.excellent_cap_percent)
    line_of = {k: Decimal(str(v)) for k, v in pass_lines.items()}
    eligible = {k: t for k, (t, limits) in open_.items() if not limits and t >= line_of[k]}
    chosen, tied = a03_pick_excellent(eligible, places)
    for key, (total, limits) in open_.items():
        line = line_of[key]
        numbers: dict[str, str | int] = {
            "cap": cap, "graded": graded, "line": _plain(line), "scope": scope, "taken": taken
        }  # fmt: skip
        if key in chosen:
            reason = Reason("A03", "excellent", numbers)
            decided[key] = _result(key, total, "excellent", reason, limits, rules)
        elif total < line:
            reason = Reason("A03", "below_line", numbers)
            decided[key] = _result(key, total, "basically_qualified", reason, limits, rules)
        else:
            code = "tie" if key in tied else "limited" if limits else "over_cap"
            reason = Reason("A05" if code == "limited" else "A03", code, numbers)
            decided[key] = _result(key, total, "qualified", reason, limits, rules)
    return [decided[p.key] for p in people]


def grade_head_teachers(
    people: Sequence[HeadTeacher],
    rules: Assessment,
    *,
    pass_line: float,
    fail_below: float,
    base: int = 0,
) -> list[Result]:
    """A08 (U 班主任 第十二条、第十四条): grade one college's head teachers.

    「优秀比例不超出本学院班主任总数的 15%」: `base` is the college's head teachers on the
    roster, whoever of them the imported list names (never fewer than the list).
    """
    lines = {p.key: Decimal(str(pass_line)) for p in people}
    total = max(base, len(people))
    return _grade_heads(people, rules, lines, Decimal(str(fail_below)), "college", total)


def grade_all_head_teachers(
    colleges: Mapping[str, Sequence[HeadTeacher]],
    rules: Assessment,
    *,
    pass_lines: Mapping[str, float],
    fail_below: float,
    bases: Mapping[str, int] | None = None,
) -> dict[str, list[Result]]:
    """A08: every college's head teachers, 优秀 per college (「本学院班主任总数」) by default."""
    fail = Decimal(str(fail_below))
    bases = bases or {}
    if rules.head_teacher_excellent_quota_scope == "college":
        return {
            name: grade_head_teachers(
                people, rules, pass_line=pass_lines[name], fail_below=fail_below,
                base=bases.get(name, 0),
            )
            for name, people in colleges.items()
        }  # fmt: skip
    everybody = [p for people in colleges.values() for p in people]
    lines = {p.key: Decimal(str(pass_lines[n])) for n, people in colleges.items() for p in people}
    total = sum(max(bases.get(n, 0), len(people)) for n, people in colleges.items())
    graded = {r.key: r for r in _grade_heads(everybody, rules, lines, fail, "university", total)}
    return {name: [graded[p.key] for p in people] for name, people in colleges.items()}


def _grade_heads(
    people: Sequence[HeadTeacher],
    rules: Assessment,
    lines: Mapping[int, Decimal],
    fail_below: Decimal,
    scope: str,
    base: int,
) -> list[Result]:
    """Head teachers ranked together for 优秀, each against their college's lines."""
    cap = a03_excellent_cap(base, rules.head_teacher_excellent_cap_percent)
    eligible = {
        p.key: p.score
        for p in people
        if not p.aid_error and p.score >= lines[p.key] and p.score >= fail_below
    }
    chosen, tied = a03_pick_excellent(eligible, cap)
    found = []
    for p in people:
        numbers: dict[str, str | int] = {
            "cap": cap, "graded": base, "line": _plain(lines[p.key]), "scope": scope
        }  # fmt: skip
        limits = (Reason("A08", "aid_error"),) if p.aid_error else ()
        grade: Grade
        if p.score < fail_below:
            # 不合格 below a line the head-teacher rules do not draw (head_teacher_fail_below).
            numbers["fail"] = _plain(fail_below)
            reason, grade = Reason("A08", "head_fail", numbers), "unqualified"
        elif p.key in chosen:
            reason, grade = Reason("A08", "excellent", numbers), "excellent"
        elif p.score < lines[p.key]:
            reason, grade = Reason("A08", "below_line", numbers), "basically_qualified"
        else:
            code = "tie" if p.key in tied else "aid_error" if p.aid_error else "over_cap"
            reason, grade = Reason("A08", code, numbers), "qualified"
        # 第十二条: 不合格 may not be renewed as head teacher; A07 is the counselors' article.
        outcome = ("not_renewed",) if grade == "unqualified" else ()
        found.append(Result(p.key, p.score, grade, reason, limits, outcome))
    return found


def _result(
    key: int,
    total: Decimal | None,
    grade: Grade,
    reason: Reason,
    limits: tuple[Reason, ...],
    rules: Assessment,
) -> Result:
    """A result with A07's consequences of its grade."""
    return Result(key, total, grade, reason, limits, a07_consequences(grade, rules))


def _plain(value: Decimal) -> str:
    """A number without trailing zeros: 4.50 → 4.5, 30.0 → 30."""
    text = format(value.normalize(), "f")
    return text


def _add_years(day: date, years: int) -> date:
    """The same day `years` later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
