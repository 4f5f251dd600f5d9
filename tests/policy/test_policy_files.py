"""Rules as data: the shipped files, layering by college, and broken files named by line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from policy.errors import PolicyError
from policy.rules import (
    check_policy_file,
    format_effective_policy,
    load_policy,
    policy_warnings,
    shipped_dir,
)
from policy.service import PolicyService
from tests.policy.scenes import JIDIAN

CATALOG_IDS = {
    *(f"C{n:02d}" for n in range(1, 35) if n not in (2, 3, 4)),
    *(f"C02{x}" for x in "abcdef"),
    *(f"C03{x}" for x in "ab"),
    *(f"C04{x}" for x in "abc"),
    *(f"C{n:02d}" for n in range(35, 38)),
    "C39", "C40", "H11", "E02", "E03", "L05",
    "C38a", "C38b",
    *(f"H{n:02d}" for n in range(1, 11)),
    "L01", "L02", "L03", "L04", "D01", "D02", "E01",
}  # fmt: skip
COLLEGE_IDS = {
    "C32", "C33", "C34", "H02", "H03", "H04", "H05", "L01", "L02", "L03", "D01", "D02", "E01",
    "H11", "E02", "E03", "L05",
}  # fmt: skip


@pytest.fixture
def policy_dir(tmp_path: Path) -> Path:
    """A copy of the shipped policy files that a test may edit."""
    folder = tmp_path / "policy"
    shutil.copytree(shipped_dir(), folder)
    return folder


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def line_with(text: str, needle: str, *, last: bool = False) -> int:
    found = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return found[-1] if last else found[0]


def test_it_ships_every_catalog_row_under_its_id(svc: PolicyService) -> None:
    university = {r.id for r in svc.policy.rules}
    assert university == CATALOG_IDS - COLLEGE_IDS
    assert {r.id for r in svc.policy.rules_for_college(JIDIAN)} == CATALOG_IDS
    assert {c.id for c in svc.policy.conditions} == {f"S0{n}" for n in range(1, 10)}
    unquantified = {r.id for r in svc.policy.rules if r.unquantified}
    assert unquantified == {"C03a", "C03b", "C35", "C36", "C39", "H06", "H07", "H08", "H09"}


def test_it_quotes_the_article_of_every_rule(svc: PolicyService) -> None:
    for rule in svc.policy.rules_for_college(JIDIAN):
        assert rule.article.startswith(("U ", "C ")) and len(rule.article_text) >= 6, rule.id


def test_it_passes_its_own_check(policy_dir: Path) -> None:
    assert check_policy_file(policy_dir / "university.yaml") == []
    assert check_policy_file(policy_dir / "colleges" / "jidian.yaml") == []


def test_it_gives_a_jidian_head_teacher_h02_and_another_colleges_none(svc: PolicyService) -> None:
    assert "H02" in {r.id for r in svc.policy.rules_for_college(JIDIAN)}
    assert "H02" not in {r.id for r in svc.policy.rules_for_college("材料与冶金学院")}
    assert "H01" in {r.id for r in svc.policy.rules_for_college("材料与冶金学院")}
    assert "H01" in {r.id for r in svc.policy.rules_for_college(None)}


def test_it_overrides_only_the_fields_a_college_gives(policy_dir: Path) -> None:
    edit(policy_dir / "colleges/jidian.yaml", "rules:\n", "rules:\n  H06: {target: 4}\n")
    policy = load_policy(policy_dir)
    [ours] = [r for r in policy.rules_for_college(JIDIAN) if r.id == "H06"]
    [theirs] = [r for r in policy.rules_for_college("外院") if r.id == "H06"]
    assert (ours.target, theirs.target) == (4, 2)
    assert ours.model_dump(exclude={"target", "source"}) == theirs.model_dump(
        exclude={"target", "source"}
    )
    assert ours.source == JIDIAN


def test_it_switches_a_rule_off_for_one_college_only(policy_dir: Path) -> None:
    edit(policy_dir / "colleges/jidian.yaml", "rules:\n", "rules:\n  C09: {enabled: false}\n")
    policy = load_policy(policy_dir)
    assert "C09" not in {r.id for r in policy.rules_for_college(JIDIAN)}
    assert "C09" in {r.id for r in policy.rules_for_college("外院")}
    shown = format_effective_policy(policy, JIDIAN)
    [line] = [line for line in shown.splitlines() if line.startswith("C09")]
    assert "[OFF; not in exam weeks; from 机电工程学院]" in line


def test_it_prints_the_effective_policy_with_every_id(svc: PolicyService) -> None:
    shown = format_effective_policy(svc.policy, JIDIAN)
    ids = {line.split()[0] for line in shown.splitlines()[1:] if not line.startswith("settings.")}
    assert ids == CATALOG_IDS | {f"S0{n}" for n in range(1, 10)} | {"A03", "A08", "A09"}
    assert "〔C 第五条〕" in next(line for line in shown.splitlines() if line.startswith("H02"))
    other = format_effective_policy(svc.policy, "外院")
    assert other.startswith("# 外院: no college file") and "H02" not in other


# (text in the shipped university.yaml, its replacement, the field named, a text on the
# line named, words of the message)
BROKEN = {
    "kind": (
        "kind: cadre_meeting\n",
        "kind: cadre_meting\n",
        "rules.C06.kind",
        "cadre_meting",
        "unknown kind",
    ),
    "period": ("period: month\n", "period: fortnight\n", "rules.C06.period", "fortnight", "week"),
    "negative": (
        "target: 2\n",
        "target: -2\n",
        "rules.C15.target",
        "target: -2",
        "greater than or equal to 0",
    ),
    "typo": (
        "article: U 11(二)5\n",
        "artcle: U 11(二)5\n",
        "rules.C06.artcle",
        "artcle",
        "unknown key",
    ),
    "duplicate": ("  C07:\n", "  C06:\n", "rules.C06", "  C06:", "duplicate key"),
    "subtype": (
        "[deep, key_concern_deep]",
        "[deep, shallow]",
        "rules.C18.subtypes",
        "shallow",
        "no subtype shallow",
    ),
    "student-set": ("    student_set: cadre\n", "", "rules.C08", "  C08:", "student_set"),
    "time": (
        '{start: "22:00"',
        "{start: 22:00",
        "settings.quiet_hours.start",
        "quiet_hours",
        "quotes",
    ),
    "lead": (
        "{teaching_days: 2}",
        "{teaching_days: 2, days: 3}",
        "settings.nudge_lead.week",
        "teaching_days: 2, days: 3",
        "either",
    ),
    "weights": ("peer: 50}", "peer: 40}", "assessment", "assessment:", "add up to 100"),
    "top-typo": ("rules:\n  # ──", "rulez:\n  # ──", "rulez", "rulez:", "unknown key"),
}


@pytest.mark.parametrize(("old", "new", "field", "needle", "words"), BROKEN.values(), ids=BROKEN)
def test_it_names_line_and_field_of_each_problem(
    policy_dir: Path, old: str, new: str, field: str, needle: str, words: str
) -> None:
    text = edit(policy_dir / "university.yaml", old, new)
    problems = check_policy_file(policy_dir / "university.yaml")
    [problem] = [p for p in problems if p.field == field]
    assert problem.line == line_with(text, needle, last=True)
    assert words in problem.message
    with pytest.raises(PolicyError) as caught:
        load_policy(policy_dir)
    assert f"university.yaml:{problem.line}: {field}: " in str(caught.value)


def test_it_lists_every_problem_of_a_file_at_once(policy_dir: Path) -> None:
    edit(policy_dir / "university.yaml", "    kind: cadre_meeting\n", "    kind: nothing\n")
    edit(policy_dir / "university.yaml", "    target: 2\n", "    target: -1\n")
    assert [p.field for p in check_policy_file(policy_dir / "university.yaml")] == [
        "rules.C06.kind",
        "rules.C15.target",
    ]


def test_it_reports_a_yaml_syntax_error_at_its_line(policy_dir: Path) -> None:
    text = edit(policy_dir / "university.yaml", "    target: 2\n", "    target: [2\n")
    [problem] = check_policy_file(policy_dir / "university.yaml")
    assert "YAML syntax" in problem.message
    assert problem.line is not None and abs(problem.line - line_with(text, "target: [2")) <= 2


def test_it_checks_a_college_file_over_the_university_rules(policy_dir: Path) -> None:
    path = policy_dir / "colleges/jidian.yaml"
    text = edit(path, "rules:\n", "rules:\n  C15: {target: -3}\n  X99: {target: 1}\n")
    problems = check_policy_file(path)
    assert ("rules.C15.target", line_with(text, "C15:")) in [(p.field, p.line) for p in problems]
    # A new ID must be a whole rule: every required field is named.
    new = {p.field for p in problems if p.field.startswith("rules.X99")}
    assert {"rules.X99.title_zh", "rules.X99.kind", "rules.X99.period"} <= new
    with pytest.raises(PolicyError):
        load_policy(policy_dir)


def test_it_checks_a_calendar_file_and_a_missing_file(policy_dir: Path) -> None:
    assert check_policy_file(policy_dir / "calendar.yaml") == []
    text = edit(policy_dir / "calendar.yaml", "end: 2026-07-10}", "end: 2026-02-10}")
    [problem] = check_policy_file(policy_dir / "calendar.yaml")
    assert (problem.field, problem.line) == ("years.0.terms.1", line_with(text, "2026-02-10"))
    [missing] = check_policy_file(policy_dir / "nothing.yaml")
    assert missing.message == "no such file" and missing.line is None


def test_it_refuses_an_empty_file_and_a_rule_that_is_not_a_mapping(policy_dir: Path) -> None:
    (policy_dir / "empty.yaml").write_text("", encoding="utf-8")
    assert [p.message for p in check_policy_file(policy_dir / "empty.yaml")] == [
        "the file must be a mapping (key: value)"
    ]
    text = edit(policy_dir / "university.yaml", "  C09:\n", "  C99: 3\n  C09:\n")
    [problem] = check_policy_file(policy_dir / "university.yaml")
    assert (problem.field, problem.line) == ("rules.C99", line_with(text, "C99: 3"))


def test_it_refuses_a_college_file_without_a_name(policy_dir: Path) -> None:
    edit(policy_dir / "colleges/jidian.yaml", "college: 机电工程学院\n", "")
    with pytest.raises(PolicyError, match="college: the college's name is required"):
        PolicyService.load(policy_dir)


def test_it_takes_missing_files_from_the_shipped_policy(tmp_path: Path) -> None:
    (tmp_path / "colleges").mkdir()
    service = PolicyService.load(tmp_path)
    assert service.policy.colleges == {}
    assert "H02" not in {r.id for r in service.policy.rules_for_college(JIDIAN)}
    assert service.calendar.term_of(service.calendar.terms[0].start) is not None


def test_it_loads_the_scheduler_settings_and_assessment_numbers(svc: PolicyService) -> None:
    settings, assessment = svc.policy.settings, svc.policy.assessment
    assert settings.min_teaching_days["week"] == 3 and settings.min_teaching_days["month"] == 5
    assert settings.nudge_lead["week"].teaching_days == 2
    assert [settings.nudge_lead[k].days for k in ("month", "quarter", "term", "year")] == [
        7,
        14,
        21,
        30,
    ]
    assert (settings.quiet_hours.start.isoformat(), settings.quiet_hours.end.isoformat()) == (
        "22:00:00",
        "07:30:00",
    )
    assert settings.jobs.digest.weekday == "monday" and settings.jobs.nudges.days == "teaching_days"
    assert settings.assessment_pass_line == 70
    assert assessment.counselor_weights["students"] == 40
    assert assessment.excellent_cap_percent == 15
    assert assessment.not_excellent == {"max_days_away": 30, "max_punished_percent": 2}
    assert assessment.unqualified_student_score_below == 60
    assert assessment.not_graded["min_months_in_post"] == 5


def test_every_kind_is_two_taps_away_and_labelled(svc: PolicyService) -> None:
    kinds = svc.kinds.kinds
    assert len({k.menu for k in kinds}) <= 8
    labels = yaml.safe_load((shipped_dir() / "labels.yaml").read_text(encoding="utf-8"))
    wanted = {f"kind-{k.code}" for k in kinds} | {f"menu-{k.menu}" for k in kinds}
    wanted |= {f"option-{o}" for k in kinds for f in k.fields for o in f.options}
    wanted |= {f"field-{f.key}" for k in kinds for f in k.fields}
    wanted |= {f"rule-{r.id}" for r in svc.policy.rules_for_college(JIDIAN)}
    existing = {"kind-talk", "kind-dorm_visit", "kind-class_meeting", "menu-students"}
    existing |= {"menu-dorms", "menu-classes"}
    have = {key for key, value in labels.items() if value.get("zh") and value.get("en")}
    assert wanted - have - existing - _already_in_locales() == set()


def _already_in_locales() -> set[str]:
    """Labels that main.ftl already has (the three first kinds and their fields)."""
    text = (Path(__file__).parents[2] / "i18n/locales/zh-CN/main.ftl").read_text(encoding="utf-8")
    return {line.split(" =")[0] for line in text.splitlines() if " = " in line}


@pytest.mark.parametrize(("own_line", "warned"), [(None, True), (65, False)])
def test_it_warns_when_a_college_file_leaves_the_pass_line_at_the_default(
    tmp_path: Path, own_line: int | None, warned: bool
) -> None:
    """U 考核 第七条 names four grades but no score line: 基本合格 below 70 is a local choice."""
    (tmp_path / "colleges").mkdir()
    path = tmp_path / "colleges" / "x.yaml"
    line = "" if own_line is None else f"assessment_pass_line: {own_line}\n"
    path.write_text(f"version: 1\ncollege: 某学院\n{line}", encoding="utf-8")
    warnings = policy_warnings(path)
    assert bool(warnings) == warned
    assert all("学校文件未规定，本校设定" in w for w in warnings)
