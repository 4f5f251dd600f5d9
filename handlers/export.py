"""/export: my records for a month, term or year, or a leader's college export, as .xlsx."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update

from handlers.access import Caller, for_staff
from handlers.common import Buttons, Context, args_of, keyboard, reply
from handlers.log_fields import rows_of
from i18n import Translate
from models.corrections import college_staff
from models.org import Staff
from policy.calendar import AcademicCalendar
from reports.records_export import ExportRequest, make_export, valid_range

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
DAY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
PERIODS = ("m0", "m1", "t0", "t1", "y0", "y1")
PERIOD_KEYS = {
    "m0": "this-month",
    "m1": "last-month",
    "t0": "this-term",
    "t1": "last-term",
    "y0": "this-year",
    "y1": "last-year",
}
MAX_PEOPLE_BUTTONS = 60


def keeps_records(staff: Staff) -> bool:
    """Whether this person logs work of their own (and so has records to export)."""
    return staff.is_counselor or staff.is_head_teacher


def period_buttons(t: Translate, scope: str) -> Buttons:
    """This and last month, term and academic year."""
    return rows_of([(t(f"export-{PERIOD_KEYS[p]}"), f"ex:{scope}:{p}") for p in PERIODS], 2)


def typed_period(words: list[str]) -> str | None:
    """A period code from `2026-11` or `2026-09-01 2026-11-30`; None when unreadable."""
    if len(words) == 1 and (m := MONTH.match(words[0])) and 1 <= int(m[2]) <= 12:
        return f"M{int(m[1]):04d}{int(m[2]):02d}"
    if len(words) == 2 and all(DAY.match(w) for w in words):
        try:
            first, last = (date.fromisoformat(_padded(w)) for w in words)
        except ValueError:
            return None
        return f"r{first:%Y%m%d}-{last:%Y%m%d}"
    return None


def _padded(word: str) -> str:
    """2026-9-1 as 2026-09-01."""
    y, m, d = word.split("-")
    return f"{y}-{int(m):02d}-{int(d):02d}"


def month_span(first: date) -> tuple[date, date]:
    """The first and last day of the month that starts on `first`."""
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def term_span(calendar: AcademicCalendar, today: date, back: int) -> tuple[date, date] | None:
    """This term (the one under way, or just ended in a vacation) or the one before it."""
    started = sorted((t for t in calendar.terms if t.start <= today), key=lambda t: t.start)
    if len(started) <= back:
        return None
    term = started[-1 - back]
    return term.start, term.end


def period_range(code: str, today: date, calendar: AcademicCalendar) -> tuple[date, date] | None:
    """The days a period code stands for: m0/m1, t0/t1, y0/y1, M202611 or r20260901-20261130."""
    if code in ("m0", "m1"):
        first = today.replace(day=1)
        return month_span(first if code == "m0" else (first - timedelta(days=1)).replace(day=1))
    if code in ("t0", "t1"):
        return term_span(calendar, today, int(code[1]))
    if code in ("y0", "y1"):
        year = calendar.academic_year_of(today)
        if code == "y1":
            year = calendar.academic_year_of(year.start - timedelta(days=1))
        return year.start, year.end
    try:
        if code.startswith("M") and len(code) == 7:
            return month_span(date(int(code[1:5]), int(code[5:]), 1))
        if code.startswith("r"):
            first, last = (date(int(w[:4]), int(w[4:6]), int(w[6:])) for w in code[1:].split("-"))
            return (first, last) if valid_range(first, last) else None
    except ValueError:
        return None
    return None


@for_staff()
async def export(update: Update, context: Context, caller: Caller) -> None:
    """/export [月份 | 开始 结束]: choose what and when, then receive the file."""
    staff, t, words = caller.staff, caller.t, args_of(context)
    period = typed_period(words) if words else None
    if words and period is None:
        await reply(update, t("export-usage"))
        return
    leads = staff.is_leader and staff.college_id is not None
    if not leads and not keeps_records(staff):
        await reply(update, t("export-not-allowed"))
        return
    if period is not None:
        if leads and keeps_records(staff):
            buttons = [
                [(t("export-scope-mine"), f"ex:m:{period}")],
                [(t("export-scope-college"), f"ex:c:{period}")],
            ]
            await reply(update, t("export-choose-scope"), buttons)
        elif leads:
            await _ask_who(update, caller, period, edit=False)
        else:
            await _send(update, caller, "m", period, None, False)
        return
    if leads and keeps_records(staff):
        buttons = [[(t("export-scope-mine"), "ex:m")], [(t("export-scope-college"), "ex:c")]]
        await reply(update, t("export-choose-scope"), buttons)
        return
    scope = "c" if leads else "m"
    await reply(update, t("export-choose-period"), period_buttons(t, scope))


@for_staff(answer=True)
async def pressed(update: Update, context: Context, caller: Caller) -> None:
    """The /export buttons: ex:<scope>[:<period>[:<who>[:<notes>]]]."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _ex, scope, *rest = query.data.split(":")
    t = caller.t
    if scope not in ("m", "c"):
        await query.edit_message_text(t("error-button-stale"))
        return
    if not rest:
        await query.edit_message_text(
            t("export-choose-period"), reply_markup=keyboard(period_buttons(t, scope))
        )
        return
    period = rest[0]
    if scope == "m":
        await query.edit_message_text(t("export-preparing"))
        await _send(update, caller, "m", period, None, False)
        return
    if len(rest) == 1:
        await _ask_who(update, caller, period, edit=True)
        return
    if len(rest) == 2:
        buttons = [
            [(t("export-without-notes"), f"ex:c:{period}:{rest[1]}:0")],
            [(t("export-with-notes"), f"ex:c:{period}:{rest[1]}:1")],
        ]
        await query.edit_message_text(t("export-choose-notes"), reply_markup=keyboard(buttons))
        return
    await query.edit_message_text(t("export-preparing"))
    await _send(update, caller, "c", period, rest[1], rest[2] == "1")


async def _ask_who(update: Update, caller: Caller, period: str, *, edit: bool) -> None:
    """Everyone, or one person of the leader's college."""
    t = caller.t
    people = await college_staff(caller.session, college_id=caller.staff.college_id or 0)
    options = [(t("export-everyone"), f"ex:c:{period}:all")]
    options += [(p.name, f"ex:c:{period}:{p.id}") for p in people[:MAX_PEOPLE_BUTTONS]]
    buttons = rows_of(options, 3)
    query = update.callback_query
    if edit and query is not None:
        await query.edit_message_text(t("export-choose-who"), reply_markup=keyboard(buttons))
    else:
        await reply(update, t("export-choose-who"), buttons)


async def _request(
    session: AsyncSession,
    staff: Staff,
    scope: str,
    start: date,
    end: date,
    who: str | None,
    with_notes: bool,
) -> ExportRequest | None:
    """What to export, checked again here: callback data is never trusted."""
    if scope == "m":
        if not keeps_records(staff):
            return None
        return ExportRequest(
            actor=staff,
            staff=[staff],
            college=None,
            start=start,
            end=end,
            with_notes=True,
            via="chat",
        )
    if not staff.is_leader or staff.college_id is None:
        return None
    people = await college_staff(session, college_id=staff.college_id)
    if who != "all":
        people = [p for p in people if str(p.id) == who]
        if not people:
            return None
    return ExportRequest(
        actor=staff,
        staff=people,
        college=staff.college_id,
        start=start,
        end=end,
        with_notes=with_notes,
        via="chat",
        everyone=who == "all",
    )


async def _send(
    update: Update, caller: Caller, scope: str, period: str, who: str | None, with_notes: bool
) -> None:
    """Build the workbook, audit the export, and send it as a document."""
    svc, t, now = caller.svc, caller.t, caller.svc.now()
    span = period_range(period, svc.today(), svc.policy.calendar)
    if span is None:
        await reply(update, t("export-bad-range"))
        return
    request = await _request(caller.session, caller.staff, scope, *span, who, with_notes)
    if request is None:
        await reply(update, t("export-not-allowed"))
        return
    content, data, name = await make_export(
        caller.session, svc.policy, request, now=now, tz=svc.policy.tz, t=t
    )
    chat = update.effective_chat
    assert chat is not None
    caption = t(
        "export-ready",
        title=data.title,
        count=len(data.records),
        to=data.end.isoformat(),
        **{"from": data.start.isoformat()},
    )
    await chat.send_document(document=content, filename=name, caption=caption)
