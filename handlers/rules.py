"""/todo: my five most urgent quotas; /rules: every rule that applies to me, with its article."""

from __future__ import annotations

from telegram import Update

from handlers.access import Caller, for_staff
from handlers.common import Context, reply
from i18n import esc
from models.scope import class_names, college_name
from policy.evaluation import RuleStatus, Status
from policy.periods import paused_months
from reports.progress import status_line
from reports.rule_text import window_text

TODO_SIZE = 5
OPEN = frozenset({Status.ON_TRACK, Status.AT_RISK, Status.BEHIND})


def shortfall(status: RuleStatus) -> float:
    """How far behind an even pace a quota is, as a share of its target."""
    if status.target <= 0:
        return 0.0
    return (status.expected - status.done) / status.target


@for_staff()
async def todo(update: Update, context: Context, caller: Caller) -> None:
    """/todo: the open quotas furthest behind pace, most urgent first."""
    svc, t = caller.svc, caller.t
    evaluation = await svc.policy.evaluate(caller.session, now=svc.now(), staff_ids=[caller.id])
    urgent = sorted(
        (s for s in evaluation.for_staff(caller.id) if s.status in OPEN and s.days_left >= 0),
        key=lambda s: (-shortfall(s), s.days_left),
    )[:TODO_SIZE]
    names = await class_names(caller.session, ids=(s.class_id for s in urgent))
    if not urgent:
        await reply(update, t("todo-nothing"))
        return
    lines = [t("todo-title")]
    lines += [f"{i}. {esc(status_line(t, s, names))}" for i, s in enumerate(urgent, 1)]
    # One button per kind: three classes behind on C07 need one way in, not three.
    first_of_kind = {s.rule.kind: s for s in reversed(urgent)}
    shown = sorted(first_of_kind.values(), key=urgent.index)[:3]
    buttons = [
        [(t("todo-log", rule=t(f"rule-{s.rule.id}")), f"log:kind:{s.rule.kind}")] for s in shown
    ]
    await reply(update, "\n".join(lines), buttons)


@for_staff()
async def rules(update: Update, context: Context, caller: Caller) -> None:
    """/rules: each rule in force for me, with its catalog ID and the article it comes from."""
    svc, staff, t = caller.svc, caller.staff, caller.t
    college = await college_name(caller.session, college_id=staff.college_id)
    found = svc.policy.rules_for(staff, college)
    if not found:
        await reply(update, t("rules-nothing"))
        return
    lines = [t("rules-title", count=len(found))]
    for rule in found:
        target = t("rules-target", target=f"{rule.target:g}", period=t(f"period-{rule.period}"))
        notes = [
            t(key)
            for key, on in (
                ("rules-college-choice", rule.unquantified),
                ("rules-vacation-pause", svc.policy.policy.pauses_in_vacation(rule)),
                ("rules-all-year", rule.applies_in_vacation),
                ("rules-exam-pause", rule.pauses_in_exam_weeks),
            )
            if on
        ]
        window = window_text(rule, t)
        choice = "".join(f" {n}" for n in ([window] if window else []) + notes)
        lines.append(f"<b>{rule.id}</b> {esc(rule.title_zh)} — {target}{choice}")
        lines.append(f"    〔{esc(rule.article)}〕{esc(rule.article_text)}")
        if rule.note:
            # The college's choices (unquantified numbers, windows) are said in the note.
            lines.append(esc(t("rules-note", note=rule.note)))
    if any(r.period == "month" and not r.applies_in_vacation for r in found):
        minimum = svc.policy.policy.settings.min_teaching_days.get("month", 0)
        paused = paused_months(svc.policy.calendar, svc.policy.today(svc.now()), minimum)
        months = t("rules-month-separator").join(
            t("rules-month", year=p.start.year, month=p.start.month) for p in paused
        )
        lines.append(t("rules-paused-months", days=minimum, months=months or t("rules-none")))
    if staff.is_counselor or staff.is_head_teacher:
        line = svc.policy.policy.pass_line(college)
        lines.append(t("rules-local-pass-line", line=f"{line:g}"))
    await reply_long(update, lines)


async def reply_long(update: Update, lines: list[str]) -> None:
    """Send lines in as many messages as Telegram's 4,096 characters need."""
    chunk: list[str] = []
    size = 0
    for line in lines:
        if size + len(line) + 1 > 4000 and chunk:
            await reply(update, "\n".join(chunk))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        await reply(update, "\n".join(chunk))
