"""`fudao assess import FILE --year Y` and `fudao assess show --year Y [--college C]`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime

from bot.config import Settings
from i18n import t
from imports.assessment import valid_year
from imports.tables import TableError, read_table
from models.audit import audit
from models.db import Database
from policy.service import PolicyService
from reports.assessment_data import gather_results, import_and_grade
from reports.assessment_workbook import grade_label, why

EXIT_USAGE = 2


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `assess` subcommand and its two actions."""
    assess = sub.add_parser("assess", help="annual assessment of counselors and head teachers")
    actions = assess.add_subparsers(dest="action", required=True)
    imp = actions.add_parser("import", help="import component scores or head-teacher scores")
    imp.add_argument("file", type=argparse.FileType("rb"))
    imp.add_argument("--year", required=True, help="academic year, like 2025-2026")
    imp.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
    show = actions.add_parser("show", help="print the results with the rule behind each grade")
    show.add_argument("--year", required=True)
    show.add_argument("--college")


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return EXIT_USAGE


def assess(settings: Settings, args: argparse.Namespace) -> int:
    """Run `fudao assess import` or `fudao assess show`."""
    if not valid_year(args.year):
        return _fail("--year 应写成 2025-2026")
    if args.action == "import":
        return asyncio.run(_import(settings, args))
    return asyncio.run(_show(settings, args))


async def _import(settings: Settings, args: argparse.Namespace) -> int:
    """Check the file; write it and regrade unless --dry-run; exit 1 on any bad row."""
    from models.migrate import upgrade

    with args.file as handle:
        content, name = handle.read(), handle.name
    try:
        table = read_table(content, name)
    except TableError as error:
        return _fail(str(error))
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.db_url)
    policy = PolicyService.load(settings.policy_dir)
    db = Database(settings.db_url)
    try:
        async with db.session() as session:
            result = await import_and_grade(
                session, policy, table, academic_year=args.year, dry_run=args.dry_run,
                now=datetime.now(UTC),
            )  # fmt: skip
    finally:
        await db.dispose()
    if result.errors:
        for problem in result.errors:
            print(problem)
        print(f"导入失败：共 {len(result.errors)} 处错误，未做任何修改。", file=sys.stderr)
        return 1
    kind = t(f"assess-import-kind-{result.kind}")
    print(t("assess-import-preview", name=name, kind=kind, year=args.year,
            created=result.created, updated=result.updated))  # fmt: skip
    print("（试运行，未写入）" if args.dry_run else "导入完成，考核结果已重新计算（草稿）。")
    return 0


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
