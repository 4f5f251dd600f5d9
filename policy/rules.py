"""Rules as data: the policy files, their layering by college, and their validation.

The university file (`university.yaml`) holds every catalog row by its ID, the standing
conditions, the scheduler settings and the assessment numbers. A college file
(`colleges/*.yaml`, with `college: 学院名`) adds rules, changes fields of a rule by ID, or
switches one off (`enabled: false`); it is in force for that college only.

Over 300 lines on purpose: it is the schema of the policy files, one model per section, kept
together so that the file format reads in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from policy.calendar import CalendarFile
from policy.errors import PolicyError, PolicyProblem, YamlDoc
from policy.kinds import KindCatalog, load_kinds
from policy.periods import PeriodKind

Role = Literal["counselor", "head_teacher", "leader", "department", "academic_staff"]
Scope = Literal[
    "staff", "each_class", "each_student", "each_grade", "college", "each_department",
    "failing_courses",
]  # fmt: skip
StudentSet = Literal[
    "all",
    "key_concern",
    "cadre",
    "academic_warning",
    "special_origin",
    "psych_committee",
    "special_group",
]
# trips: records on different days (several rooms on one evening make one visit, 次).
Measure = Literal["count", "trips", "hours", "percent"]
# C38: a class of 大一 (entered this academic year) / in its fourth year or later.
Condition = Literal[
    "has_special_origin_students", "first_year", "has_freshman_class", "has_graduating_class"
]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ID_PATTERN = r"^[A-Z][0-9]{2}[a-z]?$"
UNIVERSITY_KEYS = frozenset({"version", "settings", "assessment", "rules", "conditions"})
COLLEGE_KEYS = frozenset(
    {
        "version",
        "college",
        "rules",
        "assessment_pass_line",
        "class_indicators",
        "class_indicator_weight",
    }
)
# Lines the seeds do not draw: fudao's defaults, shown as 学校文件未规定，本校设定.
LOCAL_CHOICES = ("assessment_pass_line", "head_teacher_fail_below")
# Staff has no department flag: a college's leaders answer for its departments (专业系部).
HOLDERS: Mapping[str, str] = {"department": "leader"}


def _quoted(value: object) -> object:
    """YAML reads an unquoted 08:00 as the number 480, so a time must be a string."""
    if not isinstance(value, str | time):
        raise ValueError("write the time in quotes, like '08:00'")
    return value


Clock = Annotated[time, BeforeValidator(_quoted)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LeadTime(_Strict):
    """How long before a period ends a nudge goes out: in days or in teaching days."""

    days: int | None = Field(default=None, ge=0)
    teaching_days: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_unit(self) -> LeadTime:
        """Exactly one of the two units."""
        if (self.days is None) == (self.teaching_days is None):
            raise ValueError("give either days or teaching_days")
        return self


class JobTime(_Strict):
    """When a scheduled job runs: a time, on which days, or on one weekday."""

    at: Clock
    days: Literal["every_day", "teaching_days"] = "every_day"
    weekday: Weekday | None = None


class QuietHours(_Strict):
    """No message goes out between `start` and `end` (the span may cross midnight)."""

    start: Clock
    end: Clock


class Jobs(_Strict):
    """The scheduler's jobs."""

    nudges: JobTime
    followups: JobTime
    digest: JobTime


class Retention(_Strict):
    """How long personal data is kept before the retention job erases it (SECURITY.md)."""

    notes_years: int = Field(default=5, ge=1, le=30)
    # Outbox rows (message texts, digest workbooks) older than this are deleted.
    outbox_days: int = Field(default=365, ge=30, le=3650)
    # A delivered file is dropped from the outbox this long after it was sent.
    sent_files_days: int = Field(default=30, ge=1, le=3650)


class PolicySettings(_Strict):
    """Thresholds of the evaluation and the scheduler's settings."""

    closed_grace_days: int = Field(default=7, ge=0, le=60)
    min_teaching_days: dict[PeriodKind, int] = Field(default_factory=dict)
    nudge_lead: dict[PeriodKind, LeadTime] = Field(default_factory=dict)
    quiet_hours: QuietHours
    jobs: Jobs
    assessment_pass_line: float = Field(ge=0, le=100)
    # A head teacher's 不合格 line: the head-teacher rules leave it to the university.
    head_teacher_fail_below: float = Field(default=60, ge=0, le=100)
    retention: Retention = Field(default_factory=Retention)


Percent = Annotated[float, Field(ge=0, le=100)]
QuotaScope = Literal["university", "college"]


class Assessment(_Strict):
    """The numbers of the annual assessment (A01–A09), applied by policy/assessment.py."""

    counselor_weights: dict[
        Literal["self", "students", "head_teachers", "college", "department"], Percent
    ]
    college_split: dict[Literal["panel", "peer"], Percent]
    student_participation_min_percent: Percent
    grades: tuple[str, ...]
    excellent_cap_percent: Percent
    not_graded: dict[
        Literal["min_years_as_counselor", "min_months_in_post", "max_leave_months"], float
    ]
    not_excellent: dict[Literal["max_days_away", "max_punished_percent"], float]
    unqualified_student_score_below: Percent
    outcomes: dict[str, tuple[str, ...]]
    head_teacher_excellent_cap_percent: Percent
    head_teacher_assessed_in: Literal["autumn", "spring"]
    # A03: 15% of everyone taking part (university), or a quota per college (college).
    excellent_quota_scope: QuotaScope = "university"
    # A08: 「本学院班主任总数」: per college.
    head_teacher_excellent_quota_scope: QuotaScope = "college"
    class_indicators: tuple[str, ...] = ()
    # A09 「纳入班主任考核」 with no weight: 0 means 学院未定权重 (a college file sets its own).
    class_indicator_weight: Percent = 0

    @model_validator(mode="after")
    def _weights_add_up(self) -> Assessment:
        """Each set of weights adds up to 100%."""
        pairs = (
            ("counselor_weights", self.counselor_weights),
            ("college_split", self.college_split),
        )
        for name, weights in pairs:
            if abs(sum(weights.values()) - 100) > 1e-9:
                raise ValueError(f"{name} must add up to 100, not {sum(weights.values()):g}")
        return self


class Window(_Strict):
    """The part of a term in which records count: its first or last N weeks, or weeks a to b.

    Weeks are numbered from the term's first day (week 1 is its first seven days), as
    teaching weeks (教学周) are, holiday weeks included.
    """

    part: Literal["first", "last", "weeks"]
    weeks: int | None = Field(default=None, gt=0, le=26)
    from_week: int | None = Field(default=None, gt=0, le=26)
    to_week: int | None = Field(default=None, gt=0, le=26)
    # part last only: the window runs on into the next term's first N teaching weeks (E01:
    # the term's grades come out in the vacation, so its notices are dated after it).
    next_term_weeks: int | None = Field(default=None, gt=0, le=26)

    @model_validator(mode="after")
    def _one_shape(self) -> Window:
        """first/last take `weeks`; `weeks` takes from_week ≤ to_week."""
        if self.part == "weeks":
            if self.from_week is None or self.to_week is None or self.weeks is not None:
                raise ValueError("part weeks needs from_week and to_week (and no weeks)")
            if self.to_week < self.from_week:
                raise ValueError("to_week comes before from_week")
        elif self.weeks is None or self.from_week is not None or self.to_week is not None:
            raise ValueError(f"part {self.part} needs weeks (and no from_week/to_week)")
        if self.next_term_weeks is not None and self.part != "last":
            raise ValueError("next_term_weeks goes with part last")
        return self


class Rule(_Strict):
    """One quantified duty: who, what, how many, per which period, for whom."""

    id: str = Field(pattern=ID_PATTERN)
    title_zh: str = Field(min_length=1)
    article: str = Field(min_length=1)
    article_text: str = Field(min_length=1)
    role: Role
    kind: str
    subtypes: tuple[str, ...] = ()
    measure: Measure = "count"
    target: float = Field(ge=0)
    period: PeriodKind
    scope: Scope = "staff"
    student_set: StudentSet | None = None
    window: Window | None = None
    condition: Condition | None = None
    # Safety and online work go on over the holidays: such a rule has no vacation pause.
    applies_in_vacation: bool = False
    # No lectures in exam weeks, so nothing to patrol (C09).
    pauses_in_exam_weeks: bool = False
    # 专职辅导员 only (C31): a part-time counselor (兼职) is not bound.
    full_time_only: bool = False
    # D02: the courses of the term before whose failure rate (%) is above this line.
    fail_rate_above: float | None = Field(default=None, ge=0, le=100)
    unquantified: bool = False
    computable: bool = True
    note: str | None = None
    enabled: bool = True
    source: str = "university"

    @model_validator(mode="after")
    def _coherent(self) -> Rule:
        """A student set goes with per-student scope; windows with terms; percent ≤ 100."""
        if (self.scope == "each_student") != (self.student_set is not None):
            raise ValueError("scope each_student needs a student_set, and only it has one")
        if self.window is not None and self.period not in ("term", "spring_term"):
            raise ValueError("a window is only possible inside a term")
        if self.measure == "percent" and self.target > 100:
            raise ValueError("a percentage target cannot exceed 100")
        if (self.scope == "failing_courses") != (self.fail_rate_above is not None):
            raise ValueError("scope failing_courses needs fail_rate_above, and only it has one")
        if self.scope == "failing_courses" and self.period != "term":
            raise ValueError("scope failing_courses follows terms")
        return self

    @property
    def holder(self) -> str:
        """The staff role that answers for this rule."""
        return HOLDERS.get(self.role, self.role)

    def counts(self, kind: str, subtype: str | None) -> bool:
        """Whether a record of this kind and subtype counts toward the rule."""
        return kind == self.kind and (not self.subtypes or subtype in self.subtypes)


@dataclass(frozen=True)
class CountsToward:
    """The rules a record of this kind and subtype counts toward, as a predicate that is equal
    for equal records: an evaluation keeps what it derives from it (see PolicyService)."""

    kind: str
    subtype: str | None

    def __call__(self, rule: Rule) -> bool:
        return rule.counts(self.kind, self.subtype)


class ConditionRule(_Strict):
    """A standing condition (S01…): checked continuously, reported to leaders."""

    id: str = Field(pattern=ID_PATTERN)
    title_zh: str
    article: str
    article_text: str
    check: (
        Literal[
            "one_head_teacher_per_class",
            "counselor_student_limit",
            "one_class_per_head_teacher",
            "trained_before_post",
            "head_teacher_term",
            "counselor_turnover",
            "part_time_term",
        ]
        | None
    ) = None
    limit: int | None = Field(default=None, gt=0)
    # A college's own limit (S06: 机电工程学院's four-year term, C 第七条).
    college_limits: dict[str, int] = Field(default_factory=dict)
    # Years a post should last: S03's 专职 service period (4), S08's 兼职 appointment (1).
    years: int | None = Field(default=None, gt=0)
    computable: bool = True
    note: str | None = None


@dataclass(frozen=True)
class Policy:
    """The university's rules, each college's effective rules, conditions and settings."""

    rules: tuple[Rule, ...]
    conditions: tuple[ConditionRule, ...]
    settings: PolicySettings
    assessment: Assessment
    colleges: Mapping[str, tuple[Rule, ...]] = field(default_factory=dict)
    # A college file may move the line between 合格 and 基本合格 (A03).
    pass_lines: Mapping[str, float] = field(default_factory=dict)
    # A09 is a college's rule (C 第十条): its class indicators, by college.
    indicators: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # A09: the weight (%) a college gives its class indicators; absent: the university's (0).
    indicator_weights: Mapping[str, float] = field(default_factory=dict)

    def indicator_weight(self, college: str | None) -> float:
        """The weight of the class indicators in this college's head-teacher assessment (A09)."""
        return self.indicator_weights.get(college or "", self.assessment.class_indicator_weight)

    def class_indicators(self, college: str | None) -> tuple[str, ...]:
        """The class indicators of the head-teacher assessment in this college (A09)."""
        return self.indicators.get(college or "", self.assessment.class_indicators)

    def pass_line(self, college: str | None) -> float:
        """The total below which a grade is 基本合格, in this college."""
        return self.pass_lines.get(college or "", self.settings.assessment_pass_line)

    def effective(self, college: str | None) -> tuple[Rule, ...]:
        """Every rule of this college (or the university's), switched-off ones included."""
        return self.colleges.get(college or "", self.rules)

    def pauses_in_vacation(self, rule: Rule) -> bool:
        """Whether a week or month of the rule in a vacation asks for nothing."""
        minimum = self.settings.min_teaching_days.get(rule.period, 0)
        return minimum > 1 and not rule.applies_in_vacation

    def rules_for_college(self, college: str | None) -> tuple[Rule, ...]:
        """The rules in force in a college."""
        return tuple(r for r in self.effective(college) if r.enabled)


def shipped_dir() -> Path:
    """The folder of the default policy files."""
    return Path(str(resources.files("policy").joinpath("data")))


def _rules(
    doc: YamlDoc, base: Mapping[str, Rule], source: str, kinds: KindCatalog
) -> dict[str, Rule]:
    """Validate the `rules:` mapping; an ID already in `base` is a partial override."""
    section = doc.data.get("rules") or {}
    if not isinstance(section, dict):
        doc.problem(doc.line_of(("rules",)), "rules", "must be a mapping of rule IDs")
        return dict(base)
    found = dict(base)
    for rule_id, fields in section.items():
        loc = ("rules", str(rule_id))
        if not isinstance(fields, dict):
            doc.problem(doc.line_of(loc), ".".join(loc), "must be a mapping of fields")
            continue
        known = base.get(str(rule_id))
        merged = {**known.model_dump(exclude={"id", "source"}), **fields} if known else fields
        rule = doc.validate(Rule, {**merged, "id": str(rule_id), "source": source}, loc)
        if rule is not None:
            _check_kind(doc, rule, kinds, loc)
            found[rule.id] = rule
    return found


def _check_kind(doc: YamlDoc, rule: Rule, kinds: KindCatalog, loc: tuple[str, ...]) -> None:
    """The rule's kind exists, its subtypes are the kind's, and its holder may log it."""
    kind = kinds.get(rule.kind)

    def problem(key: str, message: str) -> None:
        doc.problem(doc.line_of((*loc, key)), ".".join((*loc, key)), message)

    if kind is None:
        problem("kind", f"unknown kind {rule.kind!r}")
        return
    unknown = [s for s in rule.subtypes if s not in kind.subtypes]
    if unknown:
        problem("subtypes", f"kind {rule.kind} has no subtype {', '.join(unknown)}")
    if rule.holder not in kind.roles and rule.role not in kind.roles:
        problem("role", f"a {rule.role} cannot log {rule.kind}")


def _university(doc: YamlDoc, kinds: KindCatalog) -> Policy | None:
    """The university file as a Policy without colleges; None when it has problems."""
    doc.unknown_keys(UNIVERSITY_KEYS)
    rules = _rules(doc, {}, "university", kinds)
    conditions = [
        doc.validate(ConditionRule, {**(fields or {}), "id": str(cid)}, ("conditions", str(cid)))
        for cid, fields in (doc.data.get("conditions") or {}).items()
    ]
    settings = doc.validate(PolicySettings, doc.data.get("settings") or {}, ("settings",))
    assessment = doc.validate(Assessment, doc.data.get("assessment") or {}, ("assessment",))
    if doc.problems or settings is None or assessment is None:
        return None
    valid = tuple(c for c in conditions if c is not None)
    return Policy(tuple(rules.values()), valid, settings, assessment)


def _college(doc: YamlDoc, base: Policy, kinds: KindCatalog) -> tuple[str, tuple[Rule, ...]]:
    """A college file applied over the university's rules: its name and effective rules."""
    doc.unknown_keys(COLLEGE_KEYS)
    name = doc.data.get("college")
    if not isinstance(name, str) or not name.strip():
        doc.problem(doc.line_of(("college",)), "college", "the college's name is required")
        name = ""
    return name, tuple(_rules(doc, {r.id: r for r in base.rules}, name, kinds).values())


def load_policy(policy_dir: Path | None = None, kinds: KindCatalog | None = None) -> Policy:
    """Read university.yaml and colleges/*.yaml; raise PolicyError listing every problem.

    A file that `policy_dir` lacks is taken from the shipped defaults.
    """
    kinds = kinds or load_kinds()
    shipped = shipped_dir()
    folder = policy_dir or shipped
    path = folder / "university.yaml"
    doc = YamlDoc.read(path if path.exists() else shipped / "university.yaml")
    policy = _university(doc, kinds) if not doc.problems else None
    if policy is None:
        raise PolicyError(doc.problems)
    colleges_dir = folder / "colleges" if (folder / "colleges").is_dir() else shipped / "colleges"
    problems: list[PolicyProblem] = []
    colleges: dict[str, tuple[Rule, ...]] = {}
    pass_lines: dict[str, float] = {}
    indicators: dict[str, tuple[str, ...]] = {}
    weights: dict[str, float] = {}
    for college_path in sorted(colleges_dir.glob("*.yaml")):
        college_doc = YamlDoc.read(college_path)
        if not college_doc.problems:
            name, rules = _college(college_doc, policy, kinds)
            if name in colleges:
                line = college_doc.line_of(("college",))
                college_doc.problem(line, "college", f"{name} already has a college file")
            colleges[name] = rules
            own_line = _pass_line(college_doc)
            own_weight = _percent(college_doc, "class_indicator_weight")
            if own_weight is not None:
                weights[name] = own_weight
            if own_line is not None:
                pass_lines[name] = own_line
            own_indicators = college_doc.data.get("class_indicators")
            if isinstance(own_indicators, list):
                indicators[name] = tuple(str(i) for i in own_indicators)
        problems += college_doc.problems
    if problems:
        raise PolicyError(problems)
    return Policy(
        policy.rules,
        policy.conditions,
        policy.settings,
        policy.assessment,
        colleges,
        pass_lines,
        indicators,
        weights,
    )


def _pass_line(doc: YamlDoc) -> float | None:
    """A college's `assessment_pass_line`, if it sets one (a number from 0 to 100)."""
    return _percent(doc, "assessment_pass_line")


def _percent(doc: YamlDoc, key: str) -> float | None:
    """A college file's number from 0 to 100 under `key`, if it sets one."""
    value = doc.data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        doc.problem(doc.line_of((key,)), key, "must be a number from 0 to 100")
        return None
    return float(value)


def check_policy_file(path: Path, university: Path | None = None) -> list[PolicyProblem]:
    """Every problem of one university, college or calendar file, with its line and field.

    A college file is checked over `university` (default: ../university.yaml, else shipped).
    """
    if not path.is_file():
        return [PolicyProblem(str(path), None, "", "no such file")]
    kinds = load_kinds()
    doc = YamlDoc.read(path)
    if doc.problems:
        return doc.problems
    if "years" in doc.data:
        doc.validate(CalendarFile, doc.data, ())
        return doc.problems
    if "college" not in doc.data:
        _university(doc, kinds)
        return doc.problems
    base_path = university or path.parent.parent / "university.yaml"
    base_doc = YamlDoc.read(base_path if base_path.exists() else shipped_dir() / "university.yaml")
    base = _university(base_doc, kinds) if not base_doc.problems else None
    if base is None:
        return base_doc.problems
    _college(doc, base, kinds)
    _pass_line(doc)
    _percent(doc, "class_indicator_weight")
    return doc.problems


LOCAL_MARK = "学校文件未规定，本校设定"
# A number the seeds leave open that fudao reads for itself (a college may change it).
READING_MARK = "原文未规定，fudao 的理解"


def policy_warnings(path: Path) -> list[str]:
    """What a college file leaves to fudao's defaults that the seeds never set (A03, A08)."""
    doc = YamlDoc.read(path) if path.is_file() else None
    if doc is None or doc.problems or "college" not in doc.data:
        return []
    if "assessment_pass_line" in doc.data:
        return []
    return [f"{path}: assessment_pass_line: not set, fudao's default applies ({LOCAL_MARK})"]


def local_choices(policy: Policy, college: str | None) -> list[str]:
    """The assessment lines the seeds do not draw, with this college's values."""
    month = policy.settings.min_teaching_days.get("month", 0)
    return [
        f"A03   基本合格 below {policy.pass_line(college):g}  [{LOCAL_MARK}]",
        f"A08   班主任 不合格 below {policy.settings.head_teacher_fail_below:g}  [{LOCAL_MARK}]",
        f"settings.min_teaching_days.month: {month}  a monthly duty applies in a month with"
        f" ≥{month} teaching days, exam weeks included  [{READING_MARK}]",
    ]


def describe(rule: Rule) -> str:
    """One line for a rule: ID, who, how many per which period, for whom, what, article."""
    subtypes = f"[{','.join(rule.subtypes)}]" if rule.subtypes else ""
    scope = rule.scope + (f"({rule.student_set})" if rule.student_set else "")
    window = ""
    if rule.window is not None and rule.window.part == "weeks":
        window = f" (weeks {rule.window.from_week}–{rule.window.to_week})"
    elif rule.window is not None:
        more = rule.window.next_term_weeks
        window = f" ({rule.window.part} {rule.window.weeks} weeks"
        window += f" to the next term's week {more})" if more else ")"
    unit = {"hours": " h", "percent": "%", "trips": " 次 (days)"}.get(rule.measure, "")
    flags = [
        flag
        for flag, on in (
            ("OFF", not rule.enabled),
            ("unquantified: the college's choice", rule.unquantified),
            ("not computed", not rule.computable),
            (f"only if {rule.condition}", rule.condition is not None),
            ("also in vacations", rule.applies_in_vacation),
            ("not in exam weeks", rule.pauses_in_exam_weeks),
            ("专职 only", rule.full_time_only),
            (f"from {rule.source}", rule.source != "university"),
        )
        if on
    ]
    return (
        f"{rule.id:<5} {rule.role:<12} ≥{rule.target:g}{unit} per {rule.period}{window}"
        f"  {scope}  {rule.kind}{subtypes}  {rule.title_zh}  〔{rule.article}〕"
        + (f"  [{'; '.join(flags)}]" if flags else "")
        + (f"  — {rule.note}" if rule.note else "")
    )


def describe_condition(cond: ConditionRule) -> str:
    """One line of a standing condition, with its limits and fudao's reading (`note`)."""
    flags = [f"limit {cond.limit}"] if cond.limit is not None else []
    flags += [f"{cond.years} years"] if cond.years is not None else []
    flags += [f"{k}: {v}" for k, v in cond.college_limits.items()]
    flags += ["not computed"] if not cond.computable else []
    flags += [cond.note] if cond.note else []
    return f"{cond.id:<5} standing condition  {cond.title_zh}  〔{cond.article}〕" + (
        f"  [{'; '.join(flags)}]" if flags else ""
    )


def format_effective_policy(policy: Policy, college: str | None) -> str:
    """The rules in force for a college (or the university), one line each with its ID."""
    if college and college not in policy.colleges:
        header = f"# {college}: no college file, the university's rules apply"
    else:
        header = f"# {college or 'university'}: effective rules"
    lines = [header, *(describe(r) for r in policy.effective(college))]
    lines += [describe_condition(c) for c in policy.conditions]
    scope = policy.assessment.excellent_quota_scope
    lines += [
        f"A03   优秀 ≤ {policy.assessment.excellent_cap_percent:g}% per {scope}",
        *local_choices(policy, college),
    ]
    if policy.class_indicators(college):
        weight = policy.indicator_weight(college)
        shown = f"weight {weight:g}%" if weight else "weight 0: 学院未定权重"
        lines.append(
            f"A09   class indicators: {', '.join(policy.class_indicators(college))} ({shown})"
        )
    return "\n".join(lines)
