"""Issue 20, part 3: what is the college's choice reaches /rules, policy show and the workbook."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from i18n import translator
from policy.rules import format_effective_policy, load_policy
from reports.assessment_data import CollegeResults
from reports.assessment_workbook import workbook
from reports.rule_text import rule_rows

ZH = translator("zh")
JIDIAN = "机电工程学院"
POLICY = load_policy()


@pytest.mark.parametrize(
    ("rule_id", "unquantified", "window", "note"),
    [
        ("L01", False, "（只计第 8–11 教学周）", "窗口由学院决定"),  # C 第二条 「期中」
        ("L02", False, "（只计学期前 4 周）", "窗口由学院决定"),  # 「春季学期初」
        ("D01", False, "（只计学期前 4 周）", "每个系 1 次"),  # C 第三条 「每学期初」
        ("C33", False, "（只计学期最后 4 周）", "窗口由学院决定"),  # C 第四条 「每学期期末」
        ("H05", False, "（只计学期最后 4 周）", "窗口由学院决定"),  # C 第五条 「每学期期末」
        ("C36", True, "", "原文“定期”，未规定次数"),  # U 11(四)1 「定期排查安全隐患」
        ("C37", False, "", "每学年至少 1 条建档或更新记录"),  # U 11(五)3 「建立档案」
        ("H04", True, "", "原文未规定次数"),  # C 第五条 「一对一面谈」
        ("H08", True, "", "原文“按期换届”，未规定次数"),  # U 班主任 第六条(十) 「按期换届」
        ("C34", True, "", "原文“及时”，未规定次数"),  # C 第四条 「及时」
    ],
)
def test_each_rule_says_its_window_note_and_whose_number_it_is(
    rule_id: str, unquantified: bool, window: str, note: str
) -> None:
    """Catalog: 「Rows marked *unquantified* say "regularly" (定期/经常) without a number: ship
    them with the default given and say in the policy file that the number is the college's
    choice」 — and say so to the people bound by them."""
    (rule,) = [r for r in POLICY.rules_for_college(JIDIAN) if r.id == rule_id]
    assert rule.unquantified is unquantified
    ((_, _, shown_window, whose, shown_note, article),) = rule_rows([rule], ZH)
    assert shown_window == window and note in shown_note and article == rule.article
    assert ("次数由学院决定" in whose) is unquantified
    (line,) = [x for x in format_effective_policy(POLICY, JIDIAN).splitlines()
               if x.startswith(f"{rule_id} ")]  # fmt: skip
    assert note in line and ("unquantified" in line) is unquantified


def test_every_unquantified_rule_says_so_in_one_chinese_line() -> None:
    """A rule that counts something the article does not quantify says so, in one line."""
    for rule in POLICY.rules_for_college(JIDIAN):
        if rule.unquantified:
            assert rule.note and "未规定" in rule.note and "\n" not in rule.note, rule.id
            assert "学院决定" in rule.note, rule.id


def test_the_assessment_workbook_lists_the_quota_rules_with_the_colleges_choices() -> None:
    """The quota evidence beside each score counts these rules: the workbook says how."""
    results = CollegeResults(1, JIDIAN, "2025-2026", "draft", (), (), {}, {})
    content = workbook(
        results, POLICY.assessment, 70, ZH, fail_below=60,
        quota_rules=POLICY.rules_for_college(JIDIAN),
    )  # fmt: skip
    sheet = load_workbook(io.BytesIO(content))["定额规则"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"L01", "L02", "D01", "C33", "H05", "C36", "C37", "H04", "H08", "C34"} <= set(rows)
    assert rows["H08"][3] == "（原文未规定次数：次数由学院决定）"
    assert rows["L01"][2] == "（只计第 8–11 教学周）"
