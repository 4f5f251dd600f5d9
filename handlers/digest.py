"""/digest [学院] [日期]: a college's weekly digest on demand, for its leaders and admins."""

from __future__ import annotations

from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update

from handlers.access import Caller, for_staff
from handlers.common import Context, args_of, html_kwargs, reply
from handlers.parsing import DateError, looks_like_date, normalize_text, parse_date
from i18n import Translate, esc
from models.audit import audit
from models.org import College, Staff
from reports.digest_data import Week, colleges, gather
from reports.digest_drawing import render_off_loop


def _parse(args: list[str], today: date) -> tuple[date, str]:
    """The day asked for (today when none) and the college name, if any."""
    days = [a for a in args if looks_like_date(a)]
    name = " ".join(normalize_text(a) for a in args if not looks_like_date(a))
    return (parse_date(days[-1], today) if days else today), name


async def _college(session: AsyncSession, staff: Staff, name: str, t: Translate) -> College | str:
    """The college this person may read and asked for, or the reason they may not."""
    every = await colleges(session)
    own = next((c for c in every if c.id == staff.college_id), None)
    if not staff.is_admin:
        if own is None:
            return t("digest-no-college")
        if name and name != own.name:
            return t("digest-other-college", college=esc(own.name))
        return own
    names = t("digest-list-separator").join(esc(c.name) for c in every)
    if name:
        exact = [c for c in every if c.name == name]
        partial = exact or [c for c in every if name in c.name]
        if len(partial) == 1:
            return partial[0]
        return t("digest-unknown-college", name=esc(name), names=names)
    if own is not None:
        return own
    if len(every) == 1:
        return every[0]
    example = every[0].name if every else ""
    return t("digest-choose-college", example=esc(example), names=names)


@for_staff(roles=("leader", "admin"), refusal="digest-refused")
async def digest(update: Update, context: Context, caller: Caller) -> None:
    """/digest: the digest of the week containing a day (this week by default)."""
    svc, session, staff, t = caller.svc, caller.session, caller.staff, caller.t
    now = svc.now()
    today = svc.today()
    try:
        day, name = _parse(args_of(context), today)
    except DateError:
        await reply(update, t("digest-usage"))
        return
    if day > today:
        await reply(update, t("digest-future"))
        return
    college = await _college(session, staff, name, t)
    if isinstance(college, str):
        await reply(update, college)
        return
    assert college.id is not None
    week = Week.containing(day)
    (found,) = await gather(session, svc.policy, now=now, week=week, college_ids=[college.id])
    with_names = staff.is_leader and staff.college_id == college.id
    rendered = await render_off_loop(found, t, with_names=with_names)
    audit(
        session,
        actor_id=staff.id,
        action="digest.read",
        target=f"college:{college.id}",
        week=week.start.isoformat(),
        names=with_names,
    )
    await session.commit()
    chat = update.effective_chat
    assert chat is not None
    for part in rendered.parts:
        await chat.send_message(part, **html_kwargs())
    await chat.send_photo(rendered.png, caption=rendered.caption)
    await chat.send_document(rendered.xlsx, filename=rendered.filename, caption=rendered.caption)
