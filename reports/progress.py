"""Quota progress as people read it: `本月走访宿舍 1/2（还差 1 次，剩 9 天）`."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import Translate
from models.org import Staff
from models.scope import class_names
from models.worklog import RecordDraft
from policy.evaluation import RuleStatus
from policy.rules import CountsToward
from policy.service import PolicyService

BAR_WIDTH = 10
# Beyond this many days a count of days means little: the line gives the closing date instead.
FAR_DAYS = 60


def number(value: float) -> str:
    """A count or an hour total without a needless `.0`."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def bar(done: float, target: float) -> str:
    """A text progress bar, full when the target is met."""
    filled = BAR_WIDTH if target <= 0 else min(BAR_WIDTH, int(BAR_WIDTH * done / target))
    return "▓" * filled + "░" * (BAR_WIDTH - filled)


def status_line(
    t: Translate, status: RuleStatus, class_names: dict[int, str], *, deadline: bool = False
) -> str:
    """One quota in one period, with what is left to do and the days (or the date) it is due.

    `deadline` adds the closing date to a near one as well (/me leads with those).
    """
    rule = status.rule
    args = {
        "period": t(f"period-{status.period.kind}"),
        "rule": t(f"rule-{rule.id}"),
        "done": number(status.done),
        "target": number(status.target),
        "remaining": number(status.remaining),
        "days": status.days_left,
        "end": status.window.end.isoformat(),
        "cls": class_names.get(status.class_id or 0, ""),
        # What is still to do is counted in the rule's own unit: 学时 for hours, else 次.
        "unit": t("progress-unit-hours" if rule.measure == "hours" else "progress-unit-times"),
    }
    if rule.scope == "each_student":
        key = "progress-coverage"
    elif rule.measure == "hours":
        key = "progress-hours"
    elif rule.measure == "percent":
        key = "progress-percent"
    elif rule.measure == "trips" and status.class_id is None:
        key = "progress-trips"
    else:
        key = "progress-count-class" if status.class_id is not None else "progress-count"
    line = t(key, **args)
    if status.status == "met":
        return f"{line} ✅"
    if status.status in ("missed", "not_applicable"):
        return f"{line}（{t(f'status-{status.status}')}）"
    far = status.days_left > FAR_DAYS
    if rule.scope == "each_student" or rule.measure == "percent":
        # A rate has no "times to go": the figure, its target and its date say it all.
        if deadline:
            return f"{line}{t('progress-until' if far else 'progress-due', **args)}"
        return line
    if far:
        return f"{line}{t('progress-left-until', **args)}"
    return f"{line}{t('progress-left-due' if deadline else 'progress-left', **args)}"


async def progress_lines(
    session: AsyncSession,
    policy: PolicyService,
    staff: Staff,
    record: RecordDraft,
    t: Translate,
    *,
    now: datetime,
) -> list[str]:
    """The quotas of the open periods that a just-saved record counts toward."""
    assert staff.id is not None
    # Only the rules this record counts toward: a save answers in a few statements.
    evaluation = await policy.evaluate(
        session,
        now=now,
        staff_ids=[staff.id],
        only=CountsToward(record.kind, record.subtype),
        known=[staff],  # the gate read them in this update: not read again
    )
    statuses = [
        s
        for s in evaluation.for_staff(staff.id)
        if s.window.start <= record.occurred_on <= s.window.end
        and (s.class_id is None or s.class_id == record.class_id)
    ]
    names = await class_names(session, ids=(s.class_id for s in statuses))
    return [status_line(t, s, names) for s in statuses]
