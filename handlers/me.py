"""/me: where I stand on every quota of the current periods; start a talk from a gap."""

from __future__ import annotations

from telegram import Update

from handlers.access import Caller, for_staff
from handlers.common import Context, id_of, reply
from handlers.log_fields import student_label
from handlers.log_form import END, open_form
from i18n import esc
from models.scope import class_names, is_my_student, student_by_id, students_by_ids
from policy.evaluation import Status
from reports.progress import bar, status_line

PERIOD_ORDER = ("week", "month", "quarter", "term", "spring_term", "year", "five_years", "once")
MISSING_BUTTONS = 12


@for_staff()
async def me(update: Update, context: Context, caller: Caller) -> None:
    """/me: my quotas grouped by period, each with a bar, the numbers and the days left."""
    svc, t = caller.svc, caller.t
    evaluation = await svc.policy.evaluate(caller.session, now=svc.now(), staff_ids=[caller.id])
    statuses = [
        s
        for s in evaluation.for_staff(caller.id)
        if s.days_left >= 0 and s.status != Status.NOT_APPLICABLE
    ]
    names = await class_names(caller.session, ids=(s.class_id for s in statuses))
    if not statuses:
        await reply(update, t("me-nothing"))
        return
    lines = [t("me-title", name=esc(caller.staff.name))]
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


@for_staff(answer=True)
async def missing(update: Update, context: Context, caller: Caller) -> None:
    """The students still to talk to for one rule, as buttons that start the talk."""
    query = update.callback_query
    assert query is not None and query.data is not None
    svc, t = caller.svc, caller.t
    rule_id = query.data.rsplit(":", 1)[-1]
    evaluation = await svc.policy.evaluate(caller.session, now=svc.now(), staff_ids=[caller.id])
    ids: list[int] = []
    for s in evaluation.for_staff(caller.id):
        if s.rule.id == rule_id and s.days_left >= 0:
            ids += [i for i in s.missing_student_ids if i not in ids]
    students = await students_by_ids(caller.session, ids=ids)
    if not students:
        await reply(update, t("me-missing-none"))
        return
    rows = [[(student_label(st), f"log:stu:{st.id}")] for st in students[:MISSING_BUTTONS]]
    more = len(students) - MISSING_BUTTONS
    text = t("me-missing-title", rule=t(f"rule-{rule_id}"), count=len(students))
    if more > 0:
        text += "\n" + t("me-missing-more", count=more)
    await reply(update, text, rows)


@for_staff(answer=True, refused=END)
async def talk_to(update: Update, context: Context, caller: Caller) -> int:
    """A student button from /me: open the talk form with that student filled in."""
    query = update.callback_query
    assert query is not None and query.data is not None
    student_id = id_of(query.data.rsplit(":", 1)[-1])
    student = await student_by_id(caller.session, student_id=student_id)
    if student is None or not await is_my_student(
        caller.session, staff=caller.staff, student=student
    ):
        await reply(update, caller.t("error-button-stale"))
        return END
    prefill = {"student": (student.id, esc(student_label(student)))}
    return await open_form(update, context, caller, "talk", prefill)
