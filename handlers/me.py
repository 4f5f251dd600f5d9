"""/me: where I stand on every quota of the current periods; start a talk from a gap."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ConversationHandler

from handlers.common import Context, identify, reply, services, tr
from handlers.log_fields import student_label
from handlers.log_flow import open_form
from i18n import esc
from models.org import Student
from models.scope import class_names, is_my_student, students_by_ids
from policy.evaluation import RuleStatus
from policy.kinds import load_kinds
from reports.progress import bar, status_line

PERIOD_ORDER = ("week", "month", "quarter", "term", "spring_term", "year", "five_years", "once")
MISSING_BUTTONS = 12


def _current(statuses: list[RuleStatus]) -> list[RuleStatus]:
    """The statuses of open periods (closed ones belong to the period report)."""
    return [s for s in statuses if s.status != "missed" or s.days_left > 0]


async def me(update: Update, context: Context) -> None:
    """/me: my quotas grouped by period, each with a bar, the numbers and the days left."""
    svc = services(context)
    async with svc.db.session() as session:
        staff = await identify(update, session)
        if staff is None or staff.id is None:
            return
        t = tr(staff)
        evaluation = await svc.policy.evaluate(session, now=svc.now(), staff_ids=[staff.id])
        statuses = [
            s
            for s in evaluation.for_staff(staff.id)
            if s.days_left >= 0 and s.status != "not_applicable"
        ]
        names = await class_names(session, ids=(s.class_id for s in statuses))
    if not statuses:
        await reply(update, t("me-nothing"))
        return
    lines = [t("me-title", name=esc(staff.name))]
    buttons: list[list[tuple[str, str]]] = []
    for period in PERIOD_ORDER:
        group = [s for s in statuses if s.period.kind == period]
        if not group:
            continue
        lines += ["", f"<b>{t(f'period-{period}')}</b>"]
        for s in group:
            lines.append(f"{bar(s.done, s.target)} {esc(status_line(t, s, names))}")
            if s.missing_student_ids and s.rule.kind == "talk":
                label = t(
                    "me-missing-button",
                    rule=t(f"rule-{s.rule.id}"),
                    count=len(s.missing_student_ids),
                )
                buttons.append([(label, f"me:miss:{s.rule.id}")])
    await reply(update, "\n".join(lines), buttons or None)


async def missing(update: Update, context: Context) -> None:
    """The students still to talk to for one rule, as buttons that start the talk."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    svc = services(context)
    rule_id = query.data.rsplit(":", 1)[-1]
    async with svc.db.session() as session:
        staff = await identify(update, session)
        if staff is None or staff.id is None:
            return
        t = tr(staff)
        evaluation = await svc.policy.evaluate(session, now=svc.now(), staff_ids=[staff.id])
        ids: list[int] = []
        for s in evaluation.for_staff(staff.id):
            if s.rule.id == rule_id and s.days_left >= 0:
                ids += [i for i in s.missing_student_ids if i not in ids]
        students = await students_by_ids(session, ids=ids)
    if not students:
        await reply(update, t("me-missing-none"))
        return
    rows = [[(student_label(st), f"log:stu:{st.id}")] for st in students[:MISSING_BUTTONS]]
    more = len(students) - MISSING_BUTTONS
    text = t("me-missing-title", rule=t(f"rule-{rule_id}"), count=len(students))
    if more > 0:
        text += "\n" + t("me-missing-more", count=more)
    await reply(update, text, rows)


async def talk_to(update: Update, context: Context) -> Any:
    """A student button from /me: open the talk form with that student filled in."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    async with services(context).db.session() as session:
        staff = await identify(update, session)
        if staff is None:
            return ConversationHandler.END
        student_id = query.data.rsplit(":", 1)[-1]
        student = await session.get(Student, int(student_id)) if student_id.isdigit() else None
        kind = load_kinds().get("talk")
        if (
            student is None
            or kind is None
            or not await is_my_student(session, staff=staff, student=student)
        ):
            await reply(update, tr(staff)("error-button-stale"))
            return ConversationHandler.END
        prefill = {"student": (student.id, esc(student_label(student)))}
        return await open_form(update, context, session, staff, kind, prefill)
