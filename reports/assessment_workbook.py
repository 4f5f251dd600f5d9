"""The assessment as people read it: the .xlsx, the leaders' summary, one's own result, 述职."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from i18n import Translate, esc
from models.assessment import PUBLISHED, CounselorAssessment, HeadTeacherAssessment
from models.indicators import ClassIndicator
from policy.assessment import ARTICLES as RULE_ARTICLES
from policy.rules import Assessment, Rule
from reports.assessment_data import CollegeResults, DutyReport, Places
from reports.rule_text import rule_rows
from reports.xlsx import Table, tables_xlsx

GRADE_ORDER = (
    "excellent",
    "qualified",
    "basically_qualified",
    "unqualified",
    "not_graded",
    "pending",
)
RULE_IDS = ("A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08", "A09")
ARTICLES = {**RULE_ARTICLES, "A09": "C 第十条"}


def grade_label(grade: str | None, t: Translate) -> str:
    """A grade in words."""
    return t(f"assess-grade-{grade or 'none'}")


def why(reason: Mapping[str, Any], t: Translate) -> str:
    """The sentence of the rule that decided a grade."""
    if not reason:
        return ""
    return t(f"assess-why-{reason['rule']}-{reason['code']}", **reason.get("args", {}))


def limits_text(limits: Sequence[Mapping[str, Any]], t: Translate) -> str:
    """The other circumstances (A05, A08) that applied, joined."""
    parts = [t(f"assess-limit-{r['rule']}-{r['code']}", **r.get("args", {})) for r in limits]
    return t("assess-report-separator").join(parts)


def outcomes_text(outcomes: Sequence[str], t: Translate) -> str:
    """A07's consequences, joined."""
    return t("assess-report-separator").join(t(f"assess-outcome-{o}") for o in outcomes)


def quota_text(row: CounselorAssessment, t: Translate) -> str:
    """Quota compliance of the year: met/total and the share."""
    if not row.quota_total:
        return t("assess-quota-none")
    percent = round(100 * row.quota_met / row.quota_total)
    return t("assess-quota", met=row.quota_met, total=row.quota_total, percent=percent)


def missed_text(row: CounselorAssessment, t: Translate) -> str:
    """The missed rule-periods, one per line."""
    return "\n".join(_missed(m, t) for m in row.quota_missed)


def _missed(m: Mapping[str, Any], t: Translate) -> str:
    done, target = _num(m["done"]), _num(m["target"])
    return t("assess-missed-item", **{**m, "done": done, "target": target})


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _whole(value: float) -> float | int:
    """A number Fluent can select on: 20.0 → 20."""
    return int(value) if float(value).is_integer() else value


def rule_lines(
    rules: Assessment, pass_line: float, t: Translate, *, fail_below: float,
    indicator_weight: float = 0,
) -> list[tuple[str, str, str]]:  # fmt: skip
    """Each rule A01–A09 with its article and its numbers as the policy file sets them."""
    w, split = rules.counselor_weights, rules.college_split
    args: dict[str, dict[str, Any]] = {
        "A01": {
            "self": _num(w["self"]),
            "students": _num(w["students"]),
            "head": _num(w["head_teachers"]),
            "college": _num(w["college"]),
            "department": _num(w["department"]),
            "panel": _num(split["panel"]),
            "peer": _num(split["peer"]),
        },
        "A02": {"percent": _num(rules.student_participation_min_percent)},
        "A03": {
            "percent": _num(rules.excellent_cap_percent),
            "line": _num(pass_line),
            "scope": rules.excellent_quota_scope,
        },
        "A05": {
            "days": _num(rules.not_excellent["max_days_away"]),
            "percent": _num(rules.not_excellent["max_punished_percent"]),
        },
        "A06": {"below": _num(rules.unqualified_student_score_below)},
        "A08": {
            "percent": _num(rules.head_teacher_excellent_cap_percent),
            "fail": _num(fail_below),
            "term": rules.head_teacher_assessed_in,
        },
        "A09": {"weight": _whole(indicator_weight)},
    }
    found = [(r, ARTICLES[r], t(f"assess-rule-{r}", **args.get(r, {}))) for r in RULE_IDS]
    return [*found, ("", "", t("assess-rule-evidence"))]


def workbook(
    results: CollegeResults, rules: Assessment, pass_line: float, t: Translate, *,
    fail_below: float, indicator_weight: float = 0, quota_rules: Sequence[Rule] = (),
) -> bytes:  # fmt: skip
    """Three sheets: counselors, head teachers (with A09 class indicators), the rules."""
    header = [
        "staff-no", "name", "self", "students", "participants", "head", "panel", "peer",
        "department", "total", "grade", "rule", "why", "limits", "outcome", "quota", "missed",
        "statement",
    ]  # fmt: skip
    rows: list[list[Any]] = []
    for person, row in results.counselors:
        rows.append([
            person.staff_no, person.name, results.self_score(row), row.student_score,
            f"{row.participants}/{row.roster_students}", row.head_teacher_score,
            row.panel_score, row.peer_score, row.department_score, row.total,
            grade_label(row.grade, t), row.decided_by.get("rule", ""), why(row.decided_by, t),
            limits_text(row.limits, t), outcomes_text(row.consequences, t), quota_text(row, t),
            missed_text(row, t), own.statement if (own := results.selves.get(row.staff_id)) else "",
        ])  # fmt: skip
    tables = [
        Table(t("assess-sheet-counselors"),
              [t(f"assess-col-{h}") for h in header], rows, wrap=True)
    ]  # fmt: skip
    header = [
        "staff-no", "name", "score", "aid", "grade", "rule", "why", "outcome", "class",
        "fail-rate", "postgraduate", "employment", "dual", "cet", "awards",
    ]  # fmt: skip
    rows = []
    for person, head in results.head_teachers:
        base = [
            person.staff_no, person.name, head.score,
            t("assess-yes") if head.aid_error else t("assess-no"), grade_label(head.grade, t),
            head.decided_by.get("rule", ""), why(head.decided_by, t),
            outcomes_text(head.consequences, t),
        ]  # fmt: skip
        classes: list[tuple[str, ClassIndicator | None]] = [
            *results.indicators.get(person.staff_id, [])
        ]
        for name, ind in classes or [("", None)]:
            figures = (
                [ind.fail_rate, ind.postgraduate_rate, ind.employment_rate,
                 ind.dual_certificate_rate, ind.cet_pass_rate, ind.awards]
                if ind is not None else [None] * 6
            )  # fmt: skip
            rows.append([*base, name, *figures])
    tables.append(Table(t("assess-sheet-head-teachers"),
                        [t(f"assess-col-{h}") for h in header], rows, wrap=True))  # fmt: skip
    lines = rule_lines(
        rules, pass_line, t, fail_below=fail_below, indicator_weight=indicator_weight
    )
    header = [t("assess-col-rule-id"), t("assess-col-article"), t("assess-col-text")]
    tables.append(Table(t("assess-sheet-rules"), header,
                        [list(line) for line in lines], wrap=True))  # fmt: skip
    if quota_rules:
        # The rules the quota evidence counts, with what the college decides (issue 20).
        header = [t(f"assess-col-{h}") for h in ("rule-id", "asks", "window", "whose", "note",
                                                  "article")]  # fmt: skip
        tables.append(Table(t("assess-sheet-quota-rules"), header,
                            rule_rows(list(quota_rules), t), wrap=True))  # fmt: skip
    return tables_xlsx(tables)


def filename(results: CollegeResults) -> str:
    """The workbook's file name."""
    return f"考核-{results.college_name}-{results.academic_year}.xlsx"


def _counts(grades: Sequence[str | None], t: Translate) -> str:
    tally = Counter(grades)
    parts = [
        t("assess-summary-count", grade=grade_label(g, t), n=tally[g])
        for g in GRADE_ORDER
        if tally[g]
    ]
    return t("assess-summary-separator").join(parts) or t("assess-report-none")


def places_text(places: Places | None, t: Translate) -> str | None:
    """A03: how many 优秀 places the university has, how many are final, how many remain."""
    if places is None:
        return None
    return t(
        "assess-places", graded=places.graded, cap=places.cap, taken=places.taken,
        left=places.left,
    )  # fmt: skip


def summary(
    results: CollegeResults,
    t: Translate,
    places: Places | None = None,
    *,
    head_term: str = "autumn",
) -> str:
    """The leaders' message: counts per grade, who is pending, and A07's consequences."""
    state = t("assess-state-published" if results.state == PUBLISHED else "assess-state-draft")
    lines = [
        t("assess-title", college=esc(results.college_name), year=results.academic_year,
          state=state),
        t("assess-summary-counts", counselors=len(results.counselors),
          counts=_counts([r.grade for _, r in results.counselors], t)),
        t("assess-summary-heads", heads=len(results.head_teachers),
          counts=_counts([h.grade for _, h in results.head_teachers], t)),
    ]  # fmt: skip
    if results.head_teachers:
        # A08: graded in one term a year, 15% of the roster's head teachers (decided_by's base).
        base = results.head_teachers[0][1].decided_by.get("args", {}).get("graded", 0)
        lines.append(t("assess-summary-heads-when", term=head_term, base=base))
    sep = t("assess-report-separator")

    def names(rows: Sequence[tuple[Any, Any]], grade: str) -> str:
        return sep.join(esc(p.name) for p, r in rows if r.grade == grade)

    for key, rows, grade in (
        ("assess-summary-pending", results.counselors, "pending"),
        ("assess-summary-talks", results.counselors, "basically_qualified"),
        ("assess-summary-removals", results.counselors, "unqualified"),
        ("assess-summary-not-renewed", results.head_teachers, "unqualified"),
    ):
        found = names(rows, grade)
        if found:
            lines.append(t(key, names=found))
    if (text := places_text(places, t)) is not None:
        lines.append(text)
    lines.append(t("assess-summary-file"))
    if results.state != PUBLISHED:
        lines.append(t("assess-summary-publish"))
    return "\n".join(lines)


def own_result(
    name: str, year: str, row: CounselorAssessment | HeadTeacherAssessment, t: Translate
) -> str:
    """One person's result with its explanation."""
    lines = [
        t("assess-own-title", year=year, name=esc(name)),
        t("assess-own-grade", grade=grade_label(row.grade, t)),
    ]
    if isinstance(row, CounselorAssessment):
        if row.total is not None:
            lines.append(t("assess-own-total", total=f"{row.total:.2f}"))
    else:
        lines.append(t("assess-own-score", score=_num(row.score)))
    lines.append(t("assess-own-why", why=esc(why(row.decided_by, t))))
    if row.limits:
        lines.append(t("assess-own-limits", limits=esc(limits_text(row.limits, t))))
    if row.consequences:
        lines.append(t("assess-own-outcome", outcome=outcomes_text(row.consequences, t)))
    if isinstance(row, CounselorAssessment):
        lines.append(t("assess-own-quota", quota=quota_text(row, t)))
    return "\n".join(lines)


def duty_text(report: DutyReport, t: Translate) -> str:
    """The 述职 draft from a counselor's records."""
    sep = t("assess-report-separator")
    none = t("assess-report-none")
    met = sep.join(t("assess-report-met-item", title=esc(title), count=n)
                   for _, title, n in report.met_rules)  # fmt: skip
    missed = sep.join(esc(_missed(m, t)) for m in report.missed)
    kinds = sep.join(t("assess-report-kind", kind=t(f"kind-{k}"), count=n) for k, n in report.kinds)
    return "\n".join([
        t("assess-report-title", year=report.academic_year, name=esc(report.name)),
        t("assess-report-intro"),
        t("assess-report-quota", total=report.total, met=report.met),
        t("assess-report-met", items=met or none),
        t("assess-report-missed", items=missed or none),
        t("assess-report-kinds", items=kinds or none),
        t("assess-report-coverage", reached=report.students_reached, roster=report.roster_students),
        t("assess-report-crises", count=report.crises),
    ])  # fmt: skip
