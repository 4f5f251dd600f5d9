"""A college at a glance, for its leaders and for admins: the digest's figures, browsable."""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from bot.web.server import Console, console_of, db
from i18n import Translate, esc
from models.audit import audit
from models.org import College, SchoolClass, Staff
from models.scope import class_links, classes_in_college, staff_of_college
from policy.evaluation import RuleStatus
from reports.digest_data import CollegeDigest, StatusTally, Week, colleges, gather, overlapping
from reports.overview import PERIOD_KINDS, build_overview, compliance

ROLES = ("counselor", "head_teacher", "leader")


async def readable_college(session: Any, staff: Staff, wanted: str | None) -> College | None:
    """The college this person may read, as in /digest: a leader their own, an admin any.

    None for an unknown id and for another college alike.
    """
    every = await colleges(session)
    if wanted:
        found = next((c for c in every if str(c.id) == wanted), None)
    else:
        own = next((c for c in every if c.id == staff.college_id), None)
        found = own or (every[0] if staff.is_admin and every else None)
    if found is None:
        return None
    if staff.is_admin or (staff.is_leader and found.id == staff.college_id):
        return found
    return None


def with_names(staff: Staff, college: College) -> bool:
    """Students' names only for the college's own leaders, as in the chat's digest."""
    return staff.is_leader and staff.college_id == college.id


def tally_json(tally: StatusTally) -> dict[str, Any]:
    """A tally with its compliance share."""
    return {**asdict(tally), "total": tally.total, "compliance": compliance(tally)}


def _filters(query: Any) -> dict[str, str]:
    return {k: str(query.get(k, "")) for k in ("grade", "class", "role")}


def _keeper(
    chosen: dict[str, str],
    people: dict[int, Staff],
    links: dict[int, set[int]],
    grades: dict[int, int],
) -> Any:
    """The statuses a filter keeps: by role of the person, by grade or class of their classes."""

    def keep(s: RuleStatus) -> bool:
        staff = people.get(s.staff_id)
        if staff is None:
            return False
        if chosen["role"] and chosen["role"] not in staff.roles:
            return False
        classes = {s.class_id} if s.class_id is not None else links.get(s.staff_id, set())
        if chosen["class"] and chosen["class"] not in {str(c) for c in classes}:
            return False
        return not chosen["grade"] or chosen["grade"] in {str(grades.get(c)) for c in classes}

    return keep


async def _college_reads(
    console: Console, session: Any, college_id: int, now: datetime
) -> tuple[CollegeDigest, list[Staff], list[SchoolClass], dict[int, set[int]]]:
    """What the overview reads beside the evaluations: the week's digest, people and classes.

    The digest judges the college now and a week ago; both evaluations are started at once,
    each on a connection of its own, and the digest then finds them shared.
    """
    policy = console.policy
    members = await staff_of_college(session, college_id=college_id)
    ids = [p.id for p in members if p.id is not None]

    async def evaluate(at: datetime) -> None:
        async with console.svc.db.session() as own:
            await policy.evaluate(own, now=at, staff_ids=ids)

    if ids:
        await asyncio.gather(evaluate(now), evaluate(now - timedelta(days=7)))
    (digest,) = await gather(session, policy, now=now, week=Week.containing(policy.today(now)),
                             college_ids=[college_id])  # fmt: skip
    classes = await classes_in_college(session, college_id=college_id)
    return digest, members, classes, await class_links(session, college_id=college_id)


async def overview(
    console: Console, session: Any, staff: Staff, college: College, query: Any, t: Translate
) -> dict[str, Any]:
    """Everything the overview page shows, as data (the JSON endpoint returns it as is)."""
    assert college.id is not None
    kind = query.get("period", "week")
    kind = kind if kind in PERIOD_KINDS else "week"
    policy = console.policy
    now = policy.instant(console.svc.now())
    today = policy.today(now)
    digest, members, classes, links = await policy.remember(
        ("college", college.id, now), lambda: _college_reads(console, session, college.id or 0, now)
    )
    ids = [p.id for p in members if p.id is not None]
    current = await policy.evaluate(session, now=now, staff_ids=ids) if ids else None
    earlier = (
        await policy.evaluate(session, now=now - timedelta(days=7), staff_ids=ids) if ids else None
    )
    chosen = _filters(query)
    grades = {c.id or 0: c.grade for c in classes}
    keep = _keeper(chosen, {p.id or 0: p for p in members}, links, grades)
    view = build_overview(
        current.statuses if current else [], earlier.statuses if earlier else [], members,
        kind=kind, today=today, keep=keep,
    )  # fmt: skip
    names = with_names(staff, college)
    return {
        "college": {"id": college.id, "name": college.name},
        "colleges": [{"id": c.id, "name": c.name} for c in await colleges(session)]
        if staff.is_admin
        else [],
        "period": kind,
        "as_of": now.isoformat(),
        "week": {"start": digest.week.start.isoformat(), "end": digest.week.end.isoformat()},
        "filters": chosen,
        "grades": sorted({c.grade for c in classes}),
        "classes": [{"id": c.id, "name": c.name} for c in classes],
        "roles": list(ROLES),
        "total": tally_json(view.total),
        "total_before": tally_json(view.total_before),
        "people": [
            {
                "id": r.staff_id,
                "name": r.name,
                "roles": list(r.roles),
                "now": tally_json(r.now),
                "before": tally_json(r.before),
                "cells": r.cells,
            }
            for r in view.people
        ],
        "rules": [
            {"id": r.rule_id, "title": t(f"rule-{r.rule_id}"), "tally": tally_json(r.tally)}
            for r in view.rules
        ],
        **_digest_parts(digest, t, names),
    }


def _digest_parts(digest: CollegeDigest, t: Translate, names: bool) -> dict[str, Any]:
    """Coverage, standing conditions, crises and unreachable people, as the digest says them."""
    conditions = []
    for issue in digest.conditions:
        many = "-many" if issue.condition_id == "S01" and issue.value else ""
        conditions.append(t(
            f"digest-condition-{issue.condition_id}{many}", subject=esc(issue.subject),
            value=issue.value or 0, limit=issue.limit or "",
        ))  # fmt: skip
    return {
        "coverage": [
            {
                "staff_id": c.staff_id,
                "name": c.name,
                "rule": c.rule_id,
                "done": c.done,
                "target": c.target,
                "late": c.late,
                "missing": [s.name for s in c.missing] if names and c.rule_id != "C17" else [],
            }
            for c in digest.coverage
        ],
        "conditions": conditions,
        "crises": [
            {"day": c.day.isoformat(), "place": c.class_name or c.dorm or "", "staff": c.staff_name}
            for c in digest.crises
        ],
        "unreachable": list(digest.unreachable),
        "unregistered": list(digest.unregistered),
    }


async def trend_points(
    console: Console, session: Any, college: College
) -> list[tuple[str, float | None]]:
    """Compliance of each week of the term so far, as the digest of that week counted it."""
    assert college.id is not None
    policy = console.policy
    now = policy.instant(console.svc.now())
    today = policy.today(now)
    term = policy.calendar.term_of(today) or policy.calendar.term_before(today)
    members = await staff_of_college(session, college_id=college.id)
    ids = [p.id for p in members if p.id is not None]
    if term is None or not ids:
        return []
    points = []
    week = Week.containing(term.start)
    while week.start <= min(today, term.end):
        as_of = min(now, week.closes_at(policy.tz))
        evaluation = await policy.evaluate(session, now=as_of, staff_ids=ids)
        last = policy.today(as_of)
        kept = overlapping(evaluation.statuses, week.start, last)
        points.append((week.start.strftime("%m-%d"), compliance(StatusTally.of(kept))))
        week = Week(week.start + timedelta(days=7))
    return points


def read_audit(
    request: web.Request, staff: Staff, action: str, target: str, **details: Any
) -> None:
    """Every view of people's data goes to the audit log."""
    audit(db(request), actor_id=staff.id, action=action, target=target, via="web", **details)


__all__ = ["console_of", "overview", "readable_college", "trend_points"]
