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

from handlers import steps
from handlers.access import Caller, for_staff
from handlers.common import Context, args_of, reply
from i18n import Translate, esc
from imports.cells import academic_year
from models.assessment import (
    PUBLISHED,
    CounselorAssessment,
    HeadTeacherAssessment,
    counselor_rows,
    head_teacher_rows,
    round_of,
    self_evaluation,
)
from models.audit import audit
from models.org import Staff
from policy.service import PolicyService
from reports.assessment_data import (
    duty_report,
    gather_results,
    university_places,
)
from reports.assessment_workbook import (
    duty_text,
    filename,
    own_result,
    places_text,
    summary,
    workbook,
)
from services.assessment import publish, save_self_evaluation

SELF_TEXT = 1
FORM = "assess"
MAX_STATEMENT = 500
SCORE_FIRST = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,2})?)\s*分?\s*(.*)$", re.DOTALL)


def current_year(policy: PolicyService, now: datetime) -> str:
    """The year whose assessment is due: the academic year that ended last."""
    span = policy.calendar.academic_year_of(policy.today(now))
    # December's assessment is of the year that ended in August.
    first = span.start.year - 1
    return f"{first}-{first + 1}"


@for_staff()
async def assess(update: Update, context: Context, caller: Caller) -> None:
    """/assess [学年]: the college's table for its leaders, one's own result for everybody."""
    svc, session, staff, t = caller.svc, caller.session, caller.staff, caller.t
    args = args_of(context)
    year = args[0] if args else current_year(svc.policy, svc.now())
    if academic_year(year) != year:
        await reply(update, t("assess-usage"))
        return
    if staff.is_leader and staff.college_id is not None:
        await _leader(update, context, session, svc.policy, staff, year, t)
    else:
        await _own(update, context, session, staff, year, t)


async def _leader(
    update: Update,
    context: Context,
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
    places = await university_places(session, policy, academic_year=year)
    term = policy.policy.assessment.head_teacher_assessed_in
    await steps.ask(update, context, FORM, summary(results, t, places, head_term=term), buttons)
    line = policy.policy.pass_line(results.college_name)
    fail = policy.policy.settings.head_teacher_fail_below
    weight = policy.policy.indicator_weight(results.college_name)
    content = workbook(
        results, policy.policy.assessment, line, t, fail_below=fail, indicator_weight=weight,
        quota_rules=policy.policy.rules_for_college(results.college_name),
    )  # fmt: skip
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
    update: Update, context: Context, session: AsyncSession, staff: Staff, year: str, t: Translate
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
    await steps.ask(update, context, FORM, "\n".join(lines), buttons)


@for_staff()
async def pressed(update: Update, context: Context, caller: Caller) -> None:
    """确认发布 (leaders) and 生成述职草稿 (counselors)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _, action, year = query.data.split(":", 2)
    svc, staff, t = caller.svc, caller.staff, caller.t
    if await steps.stale(update, context, FORM, t):
        return
    if action == "rep" and staff.is_counselor:
        report = await duty_report(
            caller.session, svc.policy, staff=staff, academic_year=year, now=svc.now()
        )
        await reply(update, duty_text(report, t))
        return
    if action == "pub" and staff.is_leader and staff.college_id is not None:
        done = await publish(svc, caller.session, staff=staff, year=year)
        if done.refusal is not None:
            names = t("assess-report-separator").join(esc(n) for n in done.pending)
            await reply(update, t(done.refusal, names=names))
            return
        await steps.retire(update, context, FORM)
        await svc.send_pending()
        text = t("assess-published", college=esc(done.college), year=year, count=done.told)
        left = places_text(done.places, t)
        await reply(update, text if left is None else f"{text}\n{left}")
        return
    await reply(update, t("error-button-stale"))


@for_staff(refused=ConversationHandler.END)
async def ask_self(update: Update, context: Context, caller: Caller) -> int:
    """填写自评: ask for the score and statement in one message."""
    query = update.callback_query
    assert query is not None and query.data is not None
    if await steps.stale(update, context, FORM, caller.t) or not caller.staff.is_counselor:
        return ConversationHandler.END
    assert context.user_data is not None
    context.user_data["assess_year"] = query.data.split(":", 2)[2]
    await steps.ask(update, context, FORM, caller.t("assess-self-ask"), None)
    return SELF_TEXT


@for_staff(refused=ConversationHandler.END)
async def got_self(update: Update, context: Context, caller: Caller) -> int:
    """Keep the self-evaluation and regrade a draft that waits for it."""
    message = update.effective_message
    assert message is not None and context.user_data is not None
    year = str(context.user_data.get("assess_year", ""))
    staff, t = caller.staff, caller.t
    if staff.college_id is None:
        return ConversationHandler.END
    match = SCORE_FIRST.match(message.text or "")
    score = _score(match.group(1)) if match else None
    if match is None or score is None:
        await reply(update, t("assess-self-bad"))
        return SELF_TEXT
    statement = match.group(2).strip()
    if len(statement) > MAX_STATEMENT:
        await reply(update, t("assess-self-too-long"))
        return SELF_TEXT
    saved = await save_self_evaluation(
        caller.svc, caller.session, staff=staff, year=year, score=score, statement=statement
    )
    if not saved:
        await reply(update, t("assess-self-locked"))
        return ConversationHandler.END
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


@for_staff(refused=ConversationHandler.END)
async def cancel_self(update: Update, context: Context, caller: Caller) -> int:
    """/cancel while giving a self-evaluation."""
    await reply(update, caller.t("assess-self-cancelled"))
    return ConversationHandler.END


def build_assess_handlers(*, timeout: float) -> list[BaseHandler[Any, Any, Any]]:
    """/assess, its buttons and the self-evaluation conversation, in registration order."""
    conversation: ConversationHandler[Any] = ConversationHandler(
        entry_points=[CallbackQueryHandler(ask_self, pattern=r"^ae:self:")],
        states={SELF_TEXT: [MessageHandler(filters.TEXT & ~filters.COMMAND, got_self)]},
        fallbacks=[CommandHandler("cancel", cancel_self)],
        conversation_timeout=timeout,
        name="assess_self",
        persistent=True,
    )
    return [
        conversation,
        CommandHandler("assess", assess),
        CallbackQueryHandler(pressed, pattern=r"^ae:(pub|rep):"),
    ]
