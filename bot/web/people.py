"""A person's page: their rules with progress and deadlines, and the students still to reach.

A leader opens anyone of their college (student names as their digest shows them); a
counselor or head teacher opens only their own page, 我的进度, with every gap named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from aiohttp import web

from bot.web.college import read_audit, readable_college, with_names
from bot.web.pages import e, has_own_quotas, is_reader, not_found, page, progress, section
from bot.web.server import console_of, db, person, tr
from models.org import Staff
from models.scope import class_names, staff_by_id, students_by_ids
from models.worklog import records_per_day
from policy.evaluation import Status
from reports import svg
from reports.digest_data import COVERAGE_RULES, PERIOD_ORDER, STATUSES, StatusTally, Week
from reports.progress import status_line

SHOWN_STUDENTS = 30


async def person_data(
    request: web.Request, subject: Staff, *, names: bool, own: bool
) -> dict[str, Any]:
    """The person's open quotas by period, with the students each still has to reach."""
    assert subject.id is not None
    console, session, t = console_of(request), db(request), tr(request)
    now = console.svc.now()
    evaluation = await console.svc.policy.evaluate(session, now=now, staff_ids=[subject.id])
    statuses = [
        s for s in evaluation.for_staff(subject.id)
        if s.days_left >= 0 and s.status != Status.NOT_APPLICABLE
    ]  # fmt: skip
    classes = await class_names(session, ids=(s.class_id for s in statuses))
    # Their own page names every student still to reach (as /me does); a leader's only the
    # coverage rules of the digest, and names only where the digest would name them.
    shown = [s for s in statuses if own or s.rule.id in COVERAGE_RULES]
    wanted = {i for s in shown for i in s.missing_student_ids[:SHOWN_STUDENTS]} if names else set()
    students = {st.id: st for st in await students_by_ids(session, ids=sorted(wanted))}
    periods = []
    for kind in PERIOD_ORDER:
        group = [s for s in statuses if s.period.kind == kind]
        if group:
            periods.append({"period": kind, "rules": [
                {"id": s.rule.id, "title": t(f"rule-{s.rule.id}"), "done": s.done,
                 "target": s.target, "status": str(s.status), "due": s.window.end.isoformat(),
                 "days_left": s.days_left, "line": status_line(t, s, classes, deadline=True),
                 "missing_count": len(s.missing_student_ids) if s in shown else 0,
                 "missing": [f"{students[i].name}（{students[i].student_no}）"
                             for i in s.missing_student_ids[:SHOWN_STUDENTS] if i in students]}
                for s in group
            ]})  # fmt: skip
    return {"id": subject.id, "name": subject.name, "roles": subject.roles, "periods": periods}


async def _weekly_records(request: web.Request, subject: Staff) -> list[tuple[str, int]]:
    """Their records counted per week, over the term so far."""
    assert subject.id is not None
    console = console_of(request)
    today = console.svc.today()
    term = console.svc.policy.calendar.term_of(today) or console.svc.policy.calendar.term_before(
        today
    )
    first = Week.containing(term.start if term else today - timedelta(weeks=12)).start
    per_day = await records_per_day(db(request), staff_id=subject.id, first=first, last=today)
    weeks: Counter[str] = Counter()
    week = Week(first)
    while week.start <= today:
        weeks[week.start.strftime("%m-%d")] += 0
        week = Week(week.start + timedelta(days=7))
    for day, n in per_day.items():
        weeks[Week.containing(day).start.strftime("%m-%d")] += n
    return sorted(weeks.items())


def tally_of(statuses: Iterable[str]) -> StatusTally:
    """Statuses counted (those that do not apply left out)."""
    return StatusTally(**{k: n for k, n in Counter(statuses).items() if k in STATUSES})


def _render(request: web.Request, data: dict[str, Any], extra: list[str]) -> web.Response:
    t = tr(request)
    parts = list(extra)
    for group in data["periods"]:
        items = []
        for r in group["rules"]:
            missing = ""
            if r["missing"]:
                more = r["missing_count"] - len(r["missing"])
                tail = e(t("web-missing-more", count=more)) if more > 0 else ""
                missing = f'<p class="missing">{e("、".join(r["missing"]))}{tail}</p>'
            elif r["missing_count"]:
                missing = (
                    f'<p class="missing">{e(t("web-missing-count", count=r["missing_count"]))}</p>'
                )
            items.append(
                f'<li class="rule {e(r["status"])}" data-rule="{e(r["id"])}">'
                f"{progress(r['done'], r['target'])}<span>{e(r['line'])}</span>{missing}</li>"
            )
        parts.append(
            section(t(f"period-{group['period']}"), f'<ul class="rules">{"".join(items)}</ul>')
        )
    if not data["periods"]:
        parts.append(f"<p>{e(t('me-nothing'))}</p>")
    return page(request, data["name"], *parts)


async def person_page(request: web.Request) -> web.StreamResponse:
    """GET /app/person/{id}: a leader or admin opens someone of a college they may read."""
    found = await _readable_person(request)
    if found is None:
        return not_found(request)
    reader, subject, names = found
    data = await person_data(request, subject, names=names, own=False)
    read_audit(request, reader, "person.read", f"staff:{subject.id}", names=names)
    await db(request).commit()
    if request.path.startswith("/app/api/"):
        return web.json_response(data)
    return _render(request, data, [])


async def _readable_person(request: web.Request) -> tuple[Staff, Staff, bool] | None:
    """The reader, the person and whether names show; None for unknown and not-yours alike."""
    reader = person(request)
    if reader is None:
        return None
    try:
        subject_id = int(request.match_info["staff_id"])
    except ValueError:
        return None
    subject = await staff_by_id(db(request), staff_id=subject_id)
    if subject is None:
        return None
    if subject.id == reader.id and has_own_quotas(reader):
        return reader, subject, True
    if not is_reader(reader) or subject.college_id is None:
        return None
    college = await readable_college(db(request), reader, str(subject.college_id))
    if college is None:
        return None
    return reader, subject, with_names(reader, college)


async def me_page(request: web.Request) -> web.StreamResponse:
    """GET /app/me: 我的进度, the full /me with charts and every student still to reach."""
    staff = person(request)
    if staff is None or not has_own_quotas(staff):
        return not_found(request)
    t = tr(request)
    data = await person_data(request, staff, names=True, own=True)
    weeks = await _weekly_records(request, staff)
    data["records_per_week"] = weeks
    read_audit(request, staff, "person.read", f"staff:{staff.id}", own=True)
    await db(request).commit()
    if request.path.startswith("/app/api/"):
        return web.json_response(data)
    tallies = Counter(r["status"] for g in data["periods"] for r in g["rules"])
    bars = svg.status_bars(t, t("web-me-chart"), [
        (t(f"period-{g['period']}"), tally_of(r["status"] for r in g["rules"]))
        for g in data["periods"]
    ])  # fmt: skip
    chart = svg.counts(t("web-records-per-week"), weeks)
    line = t("web-me-line", met=tallies["met"], total=sum(tallies.values()))
    headline = f'<p class="headline">{e(line)}</p>'
    return _render(request, data, [headline, section(t("web-me-chart"), bars),
                                   section(t("web-records-per-week"), chart)])  # fmt: skip
