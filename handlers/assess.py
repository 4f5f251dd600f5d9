"""/assess: leaders get and publish their college's table; others see only their own result."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers.common import Context, args_of, identify, reply, services, tr
from i18n import Translate, esc, translator
from imports.cells import academic_year
from models.assessment import (
    PUBLISHED,
    CounselorAssessment,
    HeadTeacherAssessment,
    SelfEvaluation,
    college_leaders,
    counselor_rows,
    head_teacher_rows,
    round_of,
    self_evaluation,
)
from models.audit import audit
from models.org import Staff
from models.outbox import insert_new
from policy.service import PolicyService
from reports.assessment_data import (
    CollegeResults,
    Person,
    duty_report,
    gather_results,
    grade_college,
)
from reports.assessment_workbook import duty_text, filename, own_result, summary, workbook

SELF_TEXT = 1
MAX_STATEMENT = 500
SCORE_FIRST = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,2})?)\s*分?\s*(.*)$", re.DOTALL)


def current_year(policy: PolicyService, now: datetime) -> str:
    """The year whose assessment is due: the academic year that ended last."""
    span = policy.calendar.academic_year_of(policy.today(now))
    # December's assessment is of the year that ended in August.
    first = span.start.year - 1
    return f"{first}-{first + 1}"


async def assess(update: Update, context: Context) -> None:
    """/assess [学年]: the college's table for its leaders, one's own result for everybody."""
    svc = services(context)
    async with svc.db.session() as session:
        staff = await identify(update, session)
        if staff is None or staff.id is None:
            return
        t = tr(staff)
        args = args_of(context)
        year = args[0] if args else current_year(svc.policy, svc.now())
        if academic_year(year) != year:
            await reply(update, t("assess-usage"))
            return
        if staff.is_leader and staff.college_id is not None:
            await _leader(update, session, svc.policy, staff, year, t)
        else:
            await _own(update, session, staff, year, t)


async def _leader(
    update: Update,
    session: AsyncSession,
    policy: PolicyService,
    staff: Staff,
    year: str,
    t: Translate,
) -> None:
    """The college's summary (with 确认发布 while a draft) and its workbook."""
    assert staff.college_id is not None
    found = await gather_results(session, academic_year=year, college_ids=[staff.college_id])
    if not found:
        await reply(update, t("assess-none", year=year))
        return
    (results,) = found
    audit(
        session,
        actor_id=staff.id,
        action="assessment.read",
        target=f"college:{results.college_id}",
        year=year,
    )
    await session.commit()
    buttons = None
    if results.state != PUBLISHED:
        buttons = [[(t("assess-button-publish"), f"ae:pub:{year}")]]
    await reply(update, summary(results, t), buttons)
    line = policy.policy.pass_line(results.college_name)
    fail = policy.policy.settings.head_teacher_fail_below
    content = workbook(results, policy.policy.assessment, line, t, fail_below=fail)
    chat = update.effective_chat
    assert chat is not None
    await chat.send_document(content, filename=filename(results))


async def _own_rows(
    session: AsyncSession, staff: Staff, year: str
) -> list[CounselorAssessment | HeadTeacherAssessment]:
    """This person's rows of the year: as counselor and as head teacher."""
    assert staff.id is not None
    mine: list[CounselorAssessment | HeadTeacherAssessment] = []
    mine += await counselor_rows(session, academic_year=year, staff_ids=[staff.id])
    mine += await head_teacher_rows(session, academic_year=year, staff_ids=[staff.id])
    return mine


async def _own(
    update: Update, session: AsyncSession, staff: Staff, year: str, t: Translate
) -> None:
    """One's own result once published; until then the self-evaluation and 述职 offers."""
    assert staff.id is not None
    rows = await _own_rows(session, staff, year)
    published = False
    for row in rows:
        state = await round_of(session, college_id=row.college_id, academic_year=year)
        if state is not None and state.state == PUBLISHED:
            published = True
            await reply(update, own_result(staff.name, year, row, t))
    if published:
        return
    lines = [t("assess-own-draft") if rows else t("assess-own-none", year=year)]
    buttons = None
    if staff.is_counselor:
        own = await self_evaluation(session, staff_id=staff.id, academic_year=year)
        if own is not None:
            lines.append(t("assess-own-self", score=f"{own.score:g}"))
        lines.append(t("assess-own-offer"))
        buttons = [
            [(t("assess-button-self"), f"ae:self:{year}")],
            [(t("assess-button-report"), f"ae:rep:{year}")],
        ]
    await reply(update, "\n".join(lines), buttons)


async def pressed(update: Update, context: Context) -> None:
    """确认发布 (leaders) and 生成述职草稿 (counselors)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    _, action, year = query.data.split(":", 2)
    svc = services(context)
    async with svc.db.session() as session:
        staff = await identify(update, session)
        if staff is None or staff.id is None:
            return
        t = tr(staff)
        if action == "rep" and staff.is_counselor:
            report = await duty_report(
                session, svc.policy, staff=staff, academic_year=year, now=svc.now()
            )
            await reply(update, duty_text(report, t))
            return
        if action == "pub" and staff.is_leader and staff.college_id is not None:
            await _publish(update, context, session, staff, year, t)
            return
        await reply(update, t("error-button-stale"))


async def _publish(
    update: Update,
    context: Context,
    session: AsyncSession,
    staff: Staff,
    year: str,
    t: Translate,
) -> None:
    """Lock the college's results (audited), then tell each person their own result."""
    query = update.callback_query
    assert query is not None and staff.college_id is not None
    current = await round_of(session, college_id=staff.college_id, academic_year=year)
    if current is None or current.state == PUBLISHED:
        await reply(update, t("assess-already-published"))
        return
    (results,) = await gather_results(session, academic_year=year, college_ids=[staff.college_id])
    if results.pending:
        names = t("assess-report-separator").join(esc(n) for n in results.pending)
        await reply(update, t("assess-publish-pending", names=names))
        return
    current.state = PUBLISHED
    current.published_at = services(context).now()
    current.published_by = staff.id
    session.add(current)
    audit(
        session,
        actor_id=staff.id,
        action="assessment.publish",
        target=f"college:{staff.college_id}",
        year=year,
        counselors=len(results.counselors),
        head_teachers=len(results.head_teachers),
    )
    leaders = await college_leaders(session, college_id=staff.college_id)
    messages = outbox_rows(results, leaders, year)
    # The decision and its messages commit together; the outbox never sends one twice.
    await insert_new(session, messages)
    await session.commit()
    await query.edit_message_reply_markup(None)
    svc = services(context)
    await svc.send_pending()
    told = len({m["recipient_id"] for m in messages if m["stage"] == "published"})
    await reply(update, t("assess-published", college=esc(results.college_name), year=year,
                          count=told))  # fmt: skip


def outbox_rows(results: CollegeResults, leaders: list[Staff], year: str) -> list[dict[str, Any]]:
    """Each registered person's own result, and each leader's reminder talks to hold (A07)."""
    found: list[dict[str, Any]] = []
    rows: list[tuple[Person, CounselorAssessment | HeadTeacherAssessment, str]] = [
        *((p, r, "counselor") for p, r in results.counselors),
        *((p, r, "head_teacher") for p, r in results.head_teachers),
    ]
    for person, row, role in rows:
        if person.telegram_user_id is None:
            continue
        them = translator(person.language)
        lines = [them("assess-notify", year=year), own_result(person.name, year, row, them)]
        if "reminder_talk" in row.consequences:
            lines.append(them("assess-notify-talk"))
        found.append({
            "recipient_id": person.staff_id, "rule": f"assessment:{role}", "period": year,
            "stage": "published", "batch": f"assessment:{year}:{role}",
            "body": {"text": "\n".join(lines)},
        })  # fmt: skip
    talks = [p for p, r in results.counselors if "reminder_talk" in r.consequences]
    for leader in leaders:
        assert leader.id is not None
        them = translator(leader.language)
        for person in talks:
            found.append({
                "recipient_id": leader.id, "rule": "A07", "period": f"{year}:{person.staff_id}",
                "stage": "talk", "batch": f"assessment-talk:{year}",
                "body": {"header": them("assess-talk-header", year=year),
                         "text": them("assess-talk-item", name=esc(person.name))},
            })  # fmt: skip
    return found


async def ask_self(update: Update, context: Context) -> int:
    """填写自评: ask for the score and statement in one message."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    svc = services(context)
    async with svc.db.session() as session:
        staff = await identify(update, session)
    if staff is None or not staff.is_counselor:
        return ConversationHandler.END
    assert context.user_data is not None
    context.user_data["assess_year"] = query.data.split(":", 2)[2]
    await reply(update, tr(staff)("assess-self-ask"))
    return SELF_TEXT


async def got_self(update: Update, context: Context) -> int:
    """Keep the self-evaluation and regrade a draft that waits for it."""
    message = update.effective_message
    assert message is not None and context.user_data is not None
    svc = services(context)
    year = str(context.user_data.get("assess_year", ""))
    async with svc.db.session() as session:
        staff = await identify(update, session)
        if staff is None or staff.id is None or staff.college_id is None:
            return ConversationHandler.END
        t = tr(staff)
        match = SCORE_FIRST.match(message.text or "")
        score = _score(match.group(1)) if match else None
        if match is None or score is None:
            await reply(update, t("assess-self-bad"))
            return SELF_TEXT
        statement = match.group(2).strip()
        if len(statement) > MAX_STATEMENT:
            await reply(update, t("assess-self-too-long"))
            return SELF_TEXT
        current = await round_of(session, college_id=staff.college_id, academic_year=year)
        if current is not None and current.state == PUBLISHED:
            await reply(update, t("assess-self-locked"))
            return ConversationHandler.END
        own = await self_evaluation(session, staff_id=staff.id, academic_year=year)
        own = own or SelfEvaluation(staff_id=staff.id, academic_year=year, score=0)
        own.score, own.statement, own.submitted_at = float(score), statement, svc.now()
        session.add(own)
        audit(session, actor_id=staff.id, action="assessment.self", target=f"year:{year}")
        await session.flush()
        if current is not None:
            # The draft may be waiting for this score (an empty 自评 cell): regrade it now.
            await grade_college(
                session, svc.policy, college_id=staff.college_id, academic_year=year,
                now=svc.now(), evidence=False,
            )  # fmt: skip
        await session.commit()
    context.user_data.pop("assess_year", None)
    await reply(update, t("assess-self-saved", score=f"{score:g}"))
    return ConversationHandler.END


def _score(text: str) -> Decimal | None:
    """A score from 0 to 100."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if 0 <= value <= 100 else None


async def cancel_self(update: Update, context: Context) -> int:
    """/cancel while giving a self-evaluation."""
    async with services(context).db.session() as session:
        staff = await identify(update, session)
    if staff is not None:
        await reply(update, tr(staff)("assess-self-cancelled"))
    return ConversationHandler.END


def build_assess_handlers(*, timeout: float) -> list[BaseHandler[Any, Any, Any]]:
    """/assess, its buttons and the self-evaluation conversation, in registration order."""
    conversation: ConversationHandler[Any] = ConversationHandler(
        entry_points=[CallbackQueryHandler(ask_self, pattern=r"^ae:self:")],
        states={SELF_TEXT: [MessageHandler(filters.TEXT & ~filters.COMMAND, got_self)]},
        fallbacks=[CommandHandler("cancel", cancel_self)],
        conversation_timeout=timeout,
        name="assess_self",
    )
    return [
        conversation,
        CommandHandler("assess", assess),
        CallbackQueryHandler(pressed, pattern=r"^ae:(pub|rep):"),
    ]
