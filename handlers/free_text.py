"""Say it in one sentence (issue 16): a typed sentence opens the /log card, prefilled.

The reader (policy.freetext) proposes; this module turns the proposal into the /log form's
draft, checking every value with the form's own checks, and shows the form's card. The card
asks whatever is still missing, and the record is saved by the form, once, on 确认. A
sentence with no day in it means today (issue 22): the card shows it, with 改日期.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import ConversationHandler, MessageHandler, filters

from handlers import steps
from handlers.access import Caller as Staffer
from handlers.access import for_staff
from handlers.common import Context, reply
from handlers.log_fields import Accepted, accept_button, accept_text, option_label, rows_of
from handlers.log_form import FIELD, FORM, crisis_notice, new_draft, render, typed
from handlers.log_save import summary
from i18n import Translate, esc
from models.org import Staff
from models.roster import college_others, my_students_with_class
from policy.freetext import Caller, ClassRef, Proposal, StudentRef, class_aliases, read
from policy.kinds import ActivityKind, load_kinds

Prefill = dict[str, tuple[Any, str]]
# Field types whose value is an id or a code: checked as if its button had been pressed.
BY_BUTTON = frozenset({"student", "class", "choice", "dorm"})


async def reader_caller(session: AsyncSession, staff: Staff) -> Caller:
    """What the reader may know: my students and classes, my kinds, the college's other names."""
    rows = await my_students_with_class(session, staff=staff)
    students = tuple(
        StudentRef(s.id, s.name, s.student_no, c.id, c.name, s.dorm)
        for s, c in rows
        if s.id is not None and c.id is not None
    )
    classes = {c.id: c for _s, c in rows if c.id is not None}
    own_names = {s.name for s in students}
    others = await college_others(session, staff=staff, exclude_class_ids=list(classes))
    # A name one of mine shares is taken as mine; only the 学号 tells the other one apart.
    other_words = {number for _name, number in others}
    other_words |= {name for name, _number in others if name not in own_names}
    return Caller(
        students=students,
        classes=tuple(
            ClassRef(i, c.name, class_aliases(c.name, c.grade)) for i, c in classes.items()
        ),
        kinds=frozenset(k.code for k in load_kinds().for_roles(staff.roles)),
        others=frozenset(other_words),
    )


async def prefill_of(
    session: AsyncSession,
    staff: Staff,
    kind: ActivityKind,
    proposal: Proposal,
    today: date,
    t: Translate,
) -> Prefill:
    """The proposal's values as the form keeps them, each through the field's own check."""
    values, prefill = proposal.values(), {}
    for spec in kind.fields:
        if spec.key not in values:
            continue
        value = values[spec.key]
        if spec.type == "choice" and spec.multi:
            chosen = [o for o in spec.options if o in value]
            if chosen:
                prefill[spec.key] = (chosen, "、".join(option_label(t, o) for o in chosen))
            continue
        if spec.type in BY_BUTTON:
            outcome = await accept_button(session, staff, spec, str(value), today, t)
        else:
            outcome = await accept_text(session, staff, spec, str(value), today, t)
        if isinstance(outcome, Accepted):
            prefill[spec.key] = (outcome.value, outcome.shown)
    return prefill


def _which(
    t: Translate, caller: Caller, proposal: Proposal
) -> tuple[str, tuple[StudentRef, ...]] | None:
    """A shared name, or several students named: the question and the students to pick from."""
    if proposal.ambiguous:
        shared = proposal.ambiguous[0]
        return t("freetext-which", name=esc(shared.name)), shared.candidates
    if len(proposal.student_ids) > 1:
        named = tuple(s for i in proposal.student_ids for s in caller.students if s.id == i)
        return t("student-pick"), named
    return None


def _step_of(kind: ActivityKind, key: str) -> int | None:
    """The index of a field of the kind."""
    return next((i for i, f in enumerate(kind.fields) if f.key == key), None)


async def _open_card(
    update: Update,
    context: Context,
    who: Staffer,
    kind: ActivityKind,
    caller: Caller,
    proposal: Proposal,
) -> int:
    """Start the form with what the sentence said, and ask what it did not."""
    t, today = who.t, who.svc.today()
    if proposal.occurred_on is None and proposal.date_problem is None:
        # No day written (or only 晚上, 中午): today, shown on the card with its 改日期 button
        # rather than asked, since the person checks the whole card before it is saved.
        proposal = replace(proposal, occurred_on=today)
    draft = new_draft(kind, await prefill_of(who.session, who.staff, kind, proposal, today, t))
    draft["crisis_seen"] = proposal.crisis_proposed
    assert context.user_data is not None
    context.user_data["draft"] = draft
    student_step = _step_of(kind, "student")
    which = _which(t, caller, proposal)
    if which is not None and student_step is not None and "student" not in draft["values"]:
        draft["step"] = student_step
        question, candidates = which
        buttons = [
            (f"{s.name}（{s.class_name}）", f"f:{student_step}:v:{s.id}") for s in candidates
        ]
        rows = [*rows_of(buttons, 1), [(t("button-cancel"), f"f:{student_step}:cancel")]]
        notice = crisis_notice(t, kind, draft)
        await steps.ask(
            update, context, FORM, f"{summary(t, kind, draft)}{notice}\n\n{question}", rows
        )
        return FIELD
    prefix = ""
    date_step = _step_of(kind, "occurred_on")
    if proposal.date_problem and date_step is not None and "occurred_on" not in draft["values"]:
        draft["step"] = date_step
        prefix = f"⚠️ {t(f'error-{proposal.date_problem}')}\n\n"
    text, keys = await render(who, draft)
    await steps.ask(update, context, FORM, prefix + text, keys)
    return FIELD


async def sentence(update: Update, context: Context) -> int:
    """A typed sentence outside any form: propose the record it describes."""
    if context.user_data is not None and context.user_data.get("draft") is not None:
        return await typed(update, context)  # an answer to the open form, not a new sentence
    return await _propose(update, context)


@for_staff(refused=ConversationHandler.END)
async def _propose(update: Update, context: Context, who: Staffer) -> int:
    """Read a registered person's sentence and open the card it proposes."""
    message, t = update.effective_message, who.t
    if message is None or not message.text:
        return ConversationHandler.END
    caller = await reader_caller(who.session, who.staff)
    # ~30 ms a sentence against a college's names: off the event loop.
    proposal = await asyncio.to_thread(read, message.text, today=who.svc.today(), caller=caller)
    kind = load_kinds().get(proposal.kind) if proposal.kind else None
    if kind is None:
        await reply(update, t("freetext-nothing"))
        return ConversationHandler.END
    if proposal.not_own:
        query = esc("、".join(proposal.not_own))
        await reply(update, f"⚠️ {t('error-student-not-yours', query=query)}")
        return ConversationHandler.END
    return await _open_card(update, context, who, kind, caller, proposal)


def sentence_entry_point() -> MessageHandler[Any, int]:
    """The /log conversation's way in from a private sentence (registered after other forms)."""
    return MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, sentence)
