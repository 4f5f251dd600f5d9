"""`fudao calendar import FILE`: the university's calendar (xlsx or YAML) into the policy dir.

The file may hold whole academic years (terms, vacations, exam weeks) and the statutory
holidays and 调休 working days of years `chinese_calendar` does not know. It is merged into
the calendar in force: a year of the same name is replaced, holidays and 调休 of a calendar
year the file mentions replace the old ones of that year. The result is checked, the
changes printed, and written to FUDAO_POLICY_DIR/calendar.yaml.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.config import Settings
from imports.errors import TableError
from imports.tables import Table, read_table
from policy.calendar import AcademicYear, CalendarFile, load_calendar
from policy.errors import PolicyError
from policy.rules import shipped_dir

EXIT_USAGE = 2
TERM_NAMES = {"秋季": "autumn", "秋季学期": "autumn", "春季": "spring", "春季学期": "spring"}
PARTS = {"学期": "terms", "term": "terms", "假期": "vacations", "vacation": "vacations"}
PARTS |= {"考试周": "exam_weeks", "exams": "exam_weeks"}
KINDS = "学年, 学期, 假期, 考试周, 节假日, 调休上班"
COLUMNS = {"类型": "kind", "名称": "name", "开始": "start", "结束": "end"}
HEADER = (
    "# The academic calendar (校历), written by `fudao calendar import`; see the shipped file.\n"
)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `calendar import FILE` subcommand."""
    cal = sub.add_parser("calendar", help="the academic calendar and holidays")
    actions = cal.add_subparsers(dest="action", required=True)
    imp = actions.add_parser("import", help="merge a calendar (.xlsx or .yaml) into the policy")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="show what would change")


def _row_value(row: dict[str, str], key: str) -> str:
    """A cell by its English or Chinese column name."""
    return next((v for k, v in row.items() if COLUMNS.get(k, k) == key), "")


def from_table(table: Table) -> tuple[dict[str, Any], list[str]]:
    """The calendar a sheet of (类型, 名称, 开始, 结束) rows describes, and its row errors."""
    years: list[dict[str, Any]] = []
    holidays: list[str] = []
    workdays: list[str] = []
    errors: list[str] = []
    for number, row in table.rows:
        kind, name = _row_value(row, "kind"), _row_value(row, "name")
        start, end = _row_value(row, "start"), _row_value(row, "end")
        try:
            first = date.fromisoformat(start)
            last = date.fromisoformat(end) if end else first
        except ValueError:
            errors.append(f"row {number}: 开始/结束 must be dates (YYYY-MM-DD)")
            continue
        span = {"start": first.isoformat(), "end": last.isoformat()}
        if kind in ("学年", "year"):
            years.append({"name": name, **span, "terms": [], "vacations": [], "exam_weeks": []})
        elif kind in ("节假日", "holiday", "调休上班", "workday"):
            days = [
                date.fromordinal(n).isoformat()
                for n in range(first.toordinal(), last.toordinal() + 1)
            ]
            (holidays if kind in ("节假日", "holiday") else workdays).extend(days)
        else:
            year = next((y for y in years if y["start"] <= span["start"] <= y["end"]), None)
            if kind not in PARTS:
                errors.append(f"row {number}: unknown 类型 {kind!r} ({KINDS})")
            elif year is None:
                errors.append(f"row {number}: {start} lies in no 学年 row above it")
            elif PARTS[kind] == "exam_weeks":
                year["exam_weeks"].append(span)
            else:
                label = TERM_NAMES.get(name, name) if PARTS[kind] == "terms" else name
                year[PARTS[kind]].append({"name": label, **span})
    data: dict[str, Any] = {"years": years, "extra_holidays": holidays, "extra_workdays": workdays}
    # A sheet that lists a year's holidays gives that year's State Council schedule in full.
    data["holiday_years"] = sorted({int(d[:4]) for d in holidays + workdays})
    return data, errors


def read_import(path: Path) -> tuple[dict[str, Any], list[str]]:
    """The imported calendar as plain data, and what is wrong with the file."""
    content = path.read_bytes()
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(content.decode("utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            return {}, [f"{path.name}: not YAML: {error}"]
        return (data, []) if isinstance(data, dict) else ({}, [f"{path.name}: not a mapping"])
    try:
        return from_table(read_table(content, path.name))
    except TableError as error:
        return {}, [str(error)]


def merge(base: CalendarFile, new: dict[str, Any]) -> CalendarFile:
    """The calendar in force with the imported years, holidays and 调休 laid over it."""
    old = base.model_dump(mode="json")
    new_years = {y["name"]: y for y in new.get("years", [])}
    years = [y for y in old["years"] if y["name"] not in new_years] + list(new_years.values())
    merged: dict[str, Any] = {
        "timezone": new.get("timezone", old["timezone"]),
        "years": sorted(years, key=lambda y: str(y["start"])),
    }
    given = [str(d) for d in (*new.get("extra_holidays", []), *new.get("extra_workdays", []))]
    replaced = {d[:4] for d in given}
    for key in ("extra_holidays", "extra_workdays"):
        kept = [d for d in old[key] if d[:4] not in replaced]
        merged[key] = sorted({*kept, *(str(d) for d in new.get(key, []))})
    merged["holiday_years"] = sorted({*old["holiday_years"], *new.get("holiday_years", [])})
    return CalendarFile.model_validate(merged)


def _span(year: AcademicYear) -> str:
    terms = ", ".join(f"{t.name} {t.start}…{t.end}" for t in year.terms)
    return f"{year.start}…{year.end} ({terms})"


def changes(old: CalendarFile, new: CalendarFile) -> list[str]:
    """One line per year added or changed and per holiday or 调休 day added or removed."""
    lines: list[str] = []
    before = {y.name: y for y in old.years}
    for year in new.years:
        if year.name not in before:
            lines.append(f"+ year {year.name}: {_span(year)}")
        elif before[year.name] != year:
            lines.append(f"~ year {year.name}: {_span(year)}")
    for label, was, now in (
        ("holiday", old.extra_holidays, new.extra_holidays),
        ("调休 workday", old.extra_workdays, new.extra_workdays),
    ):
        lines += [f"+ {label} {d}" for d in sorted(set(now) - set(was))]
        lines += [f"- {label} {d}" for d in sorted(set(was) - set(now))]
    lines += [
        f"+ holiday data for {y}" for y in sorted(set(new.holiday_years) - set(old.holiday_years))
    ]
    return lines


def calendar_import(settings: Settings, args: argparse.Namespace) -> int:
    """Read, merge, check, show the changes, and write the calendar unless --dry-run."""
    if settings.policy_dir is None:
        print("set FUDAO_POLICY_DIR to the folder that keeps your policy files", file=sys.stderr)
        return EXIT_USAGE
    try:
        data, errors = read_import(args.file)
    except OSError as error:
        print(f"cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    target = settings.policy_dir / "calendar.yaml"
    try:
        current = load_calendar(target if target.exists() else shipped_dir() / "calendar.yaml")
        merged = merge(current.data, data) if not errors else None
    except PolicyError as error:
        errors = [f"{target}: {problem}" for problem in error.problems]
    except ValidationError as error:
        errors = [f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in error.errors()]
    if errors or merged is None:
        print("\n".join(errors))
        print(f"calendar not imported: {len(errors)} problem(s)", file=sys.stderr)
        return 1
    lines = changes(current.data, merged)
    print("\n".join(lines or ["no changes"]))
    if not args.dry_run and lines:
        settings.policy_dir.mkdir(parents=True, exist_ok=True)
        body = yaml.safe_dump(merged.model_dump(mode="json"), allow_unicode=True, sort_keys=False)
        target.write_text(HEADER + body, encoding="utf-8")
    verb = "would change" if args.dry_run else "written to"
    print(f"calendar: {len(lines)} change(s) {verb} {target}")
    return 0
