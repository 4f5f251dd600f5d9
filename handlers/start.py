"""Registration by invitation, greetings, help and language."""

from __future__ import annotations

from telegram import Update

from handlers.access import Caller, for_staff
from handlers.common import Context, args_of, identify, reply, services, tr
from i18n import esc, normalize_locale, role_names, translator
from models.org import Staff
from models.scope import college_name
from reports.pre_service import pre_service_shortfall
from services.registration import register, set_language


async def start(update: Update, context: Context) -> None:
    """/start [token]: bind an invited person, or greet a registered one."""
    chat, user = update.effective_chat, update.effective_user
    t_guest = translator(normalize_locale(user.language_code if user else None))
    if chat is None or user is None or chat.type != chat.PRIVATE:
        await reply(update, t_guest("access-ask-admin"))
        return
    token = args_of(context)[0] if args_of(context) else ""
    svc = services(context)
    async with svc.db.turn_session() as session:
        staff = await register(session, token=token, telegram_user_id=user.id, now=svc.now())
        if staff is None:
            await reply(update, t_guest("access-ask-admin"))
            return
        college = await college_name(session, college_id=staff.college_id) or ""
        # C30 is pre-service: a new counselor hears at once if hours are still missing.
        short = None
        if token and staff.id is not None:
            short = await pre_service_shortfall(
                session, svc.policy, staff_id=staff.id, now=svc.now()
            )
    t = tr(staff)
    where = t("start-college", college=esc(college)) if college else ""
    lines = [
        t(
            "start-welcome",
            name=esc(staff.name),
            roles=role_names(t, staff.roles),
            college=where,
        ),
        "",
        *help_lines(staff),
    ]
    if short is not None:
        done, target = f"{short.done:g}", f"{short.target:g}"
        lines += ["", t("start-pre-service", done=done, target=target, article=short.article)]
    await reply(update, "\n".join(lines))


def help_lines(staff: Staff) -> list[str]:
    """What this person can do, by role."""
    t = tr(staff)
    lines = [t("help-log"), t("help-shortcuts"), t("help-me"), t("help-todo")]
    lines += [t("help-history-all"), t("help-export"), t("help-away"), t("help-assess")]
    lines.append(t("help-web"))
    if staff.is_counselor:
        lines.append(t("help-concern"))
    if staff.is_leader or staff.is_admin:
        lines += [t("help-digest"), t("help-template")]
    if staff.is_admin:
        lines += [t("help-assign"), t("help-staff")]
    lines += [t("help-cancel"), t("help-lang")]
    return lines


@for_staff()
async def help_command(update: Update, context: Context, caller: Caller) -> None:
    """/help: the commands this person can use."""
    await reply(update, "\n".join([caller.t("help-title"), *help_lines(caller.staff)]))


@for_staff()
async def lang(update: Update, context: Context, caller: Caller) -> None:
    """/lang zh|en: switch the language of every reply."""
    words = args_of(context)
    wanted = words[0].lower() if words else ""
    if not await set_language(caller.session, staff=caller.staff, language=wanted):
        await reply(update, caller.t("lang-usage"))
        return
    await reply(update, tr(caller.staff)("lang-set"))


async def stranger(update: Update, context: Context) -> None:
    """Anything from someone who is not registered: one polite line."""
    async with services(context).db.turn_session() as session:
        await identify(update, context, session)
