"""`fudao assess show --year Y [--college C]`; `assess import` is `fudao import assessment`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.config import Settings
from bot.import_cli import add_options, run_import
from i18n import t
from imports.cells import academic_year
from models.audit import audit
from models.db import Database
from reports.assessment_data import gather_results
from reports.assessment_workbook import grade_label, why

EXIT_USAGE = 2


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `assess` subcommand and its two actions."""
    assess = sub.add_parser("assess", help="annual assessment of counselors and head teachers")
    actions = assess.add_subparsers(dest="action", required=True)
    imp = actions.add_parser("import", help="import component scores or head-teacher scores")
    imp.add_argument("file", type=Path)
    add_options(imp)
    imp.set_defaults(what="assessment")
    show = actions.add_parser("show", help="print the results with the rule behind each grade")
    show.add_argument("--year", required=True)
    show.add_argument("--college")


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return EXIT_USAGE


def assess(settings: Settings, args: argparse.Namespace) -> int:
    """Run `fudao assess import` or `fudao assess show`."""
    if args.action == "import":
        return run_import(settings, args)
    if academic_year(args.year) != args.year:
        return _fail(t("import-cli-year"))
    return asyncio.run(_show(settings, args))


async def _show(settings: Settings, args: argparse.Namespace) -> int:
    """Print each college's table: name, components, total, grade and the deciding rule."""
    db = Database(settings.db_url)
    try:
        async with db.session() as session:
            found = await gather_results(session, academic_year=args.year)
            if args.college:
                found = [r for r in found if r.college_name == args.college]
            for results in found:
                audit(
                    session,
                    actor_id=None,
                    action="assessment.read",
                    target=f"college:{results.college_id}",
                    year=args.year,
                    via="cli",
                )
            await session.commit()
    finally:
        await db.dispose()
    if not found:
        return _fail(t("assess-none", year=args.year))
    for results in found:
        state = "已发布" if results.state == "published" else "草稿"
        print(f"# {results.college_name} {results.academic_year}（{state}）")
        print("工号 | 姓名 | 自评 | 学生评价 | 参评/包联 | 班主任评价 | 学院考核小组 | "
              "辅导员互评 | 部门考核 | 总分 | 等次 | 依据")  # fmt: skip
        for person, row in results.counselors:
            cells = [
                person.staff_no, person.name, _n(results.self_score(row)),
                _n(row.student_score),
                f"{row.participants}/{row.roster_students}", _n(row.head_teacher_score),
                _n(row.panel_score), _n(row.peer_score), _n(row.department_score),
                "—" if row.total is None else f"{row.total:.2f}", grade_label(row.grade, t),
                why(row.decided_by, t),
            ]  # fmt: skip
            print(" | ".join(cells))
        if results.head_teachers:
            print("## 班主任")
            print("工号 | 姓名 | 学院考核得分 | 资助工作重大失误 | 等次 | 依据")
            for person, head in results.head_teachers:
                cells = [
                    person.staff_no, person.name, _n(head.score), "是" if head.aid_error else "否",
                    grade_label(head.grade, t), why(head.decided_by, t),
                ]  # fmt: skip
                print(" | ".join(cells))
    return 0


def _n(value: float | None) -> str:
    """A score as printed: 85, 85.5, or — when absent."""
    if value is None:
        return "—"
    return f"{value:g}"
