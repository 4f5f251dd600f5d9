"""/me: what needs action, on one phone screen; the full list and the gaps a tap away."""

from __future__ import annotations

from telegram import Update

from handlers.access import Caller, for_staff
from handlers.common import Context, id_of, reply
from handlers.log_fields import student_label
from handlers.log_form import END, open_form
from i18n import Translate, esc
from models.scope import class_names, is_my_student, student_by_id, students_by_ids
from policy.evaluation import RuleStatus, Status
from reports.digest_text import split_message
from reports.progress import bar, status_line

PERIOD_ORDER = ("week", "month", "quarter", "term", "spring_term", "year", "five_years", "once")
MISSING_BUTTONS = 12
# /me fits a phone screen: at most this many quotas that need action, the rest a tap away.
URGENT_SHOWN = 12
URGENT = frozenset({Status.BEHIND, Status.AT_RISK})


async def _open_statuses(caller: Caller) -> list[RuleStatus]:
    """The caller's quotas of the periods open now."""
    svc = caller.svc
    evaluation = await svc.policy.evaluate(caller.session, now=svc.now(), staff_ids=[caller.id])
    return [
        s
        for s in evaluation.for_staff(caller.id)
        if s.days_left >= 0 and s.status != Status.NOT_APPLICABLE
    ]


def urgency(status: RuleStatus) -> tuple[int, bool, float]:
    """Sort key: closest deadline first, behind before at risk, least done first."""
    share = status.done / status.target if status.target else 1.0
    return status.days_left, status.status != Status.BEHIND, share


def _missing_buttons(t: Translate, statuses: list[RuleStatus]) -> list[list[tuple[str, str]]]:
    """One button per talk rule with students still to reach."""
    return [
        [(t("me-missing-button", rule=t(f"rule-{s.rule.id}"), count=len(s.missing_student_ids)),
          f"me:miss:{s.rule.id}")]
        for s in statuses
        if s.missing_student_ids and s.rule.kind == "talk"
    ]  # fmt: skip


@for_staff()
async def me(update: Update, context: Context, caller: Caller) -> None:
    """/me: what needs action first, most urgent on top; the rest in one line and one tap."""
    t = caller.t
    statuses = await _open_statuses(caller)
    if not statuses:
        await reply(update, t("me-nothing"))
        return
    urgent = sorted((s for s in statuses if s.status in URGENT), key=urgency)
    shown = urgent[:URGENT_SHOWN]
    names = await class_names(caller.session, ids=(s.class_id for s in shown))
    lines = [t("me-title", name=esc(caller.staff.name)), ""]
    if shown:
        lines.append(t("me-urgent-title", count=len(urgent)))
        for s in shown:
            lines.append(f"{bar(s.done, s.target)} {esc(status_line(t, s, names, deadline=True))}")
        if len(urgent) > len(shown):
            lines.append(t("me-urgent-more", count=len(urgent) - len(shown)))
    else:
        lines.append(t("me-urgent-none"))
    met = sum(1 for s in statuses if s.status == Status.MET)
    lines += ["", t("me-rest", count=len(statuses) - len(urgent), met=met)]
    buttons = [[(t("me-all-button"), "me:all")], *_missing_buttons(t, statuses)]
    await reply(update, "\n".join(lines), buttons)


@for_staff(answer=True)
async def everything(update: Update, context: Context, caller: Caller) -> None:
    """查看全部: every quota of the open periods, grouped by period, each with a bar."""
    t = caller.t
    statuses = await _open_statuses(caller)
    if not statuses:
        await reply(update, t("me-nothing"))
        return
    names = await class_names(caller.session, ids=(s.class_id for s in statuses))
    lines = [t("me-title", name=esc(caller.staff.name))]
    for period in PERIOD_ORDER:
        group = [s for s in statuses if s.period.kind == period]
        if group:
            lines += ["", f"<b>{t(f'period-{period}')}</b>"]
            lines += [f"{bar(s.done, s.target)} {esc(status_line(t, s, names))}" for s in group]
    for part in split_message("\n".join(lines)):
        await reply(update, part)


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
