"""/staff revoke|unbind: an admin offboards a colleague from chat, after a confirm button.

`/staff revoke 工号 [角色] [离岗原因]`: the reason (转岗, 辞职, 退休, 其他) is kept with the day a
counselor leaves, since S03 counts a 转岗 only.
"""

from __future__ import annotations

import secrets

from telegram import Update
from telegram.constants import ParseMode

from handlers.access import Caller, for_staff
from handlers.common import Context, args_of, reply
from i18n import Translate, esc, role_names
from imports.staff import ALL, REASONS, role_code
from models.corrections import staff_by_no
from models.org import Staff
from services.offboarding import ROLES, may_offboard, revoke_roles, unbind


async def target_of(caller: Caller, staff_no: str) -> Staff | None:
    """The person an admin may offboard: one of their college (anyone for a university admin).

    None both for an unknown 工号 and for someone out of reach, so 工号 cannot be probed, and
    for the admin themself, who would otherwise lock the college out by a slip.
    """
    person = await staff_by_no(caller.session, staff_no=staff_no)
    return person if person is not None and may_offboard(caller.staff, person) else None


def _who(person: Staff) -> str:
    """Name and 工号, as an admin recognises a colleague."""
    return esc(f"{person.name}（{person.staff_no or '-'}）")


def preview(t: Translate, action: str, person: Staff, role: str) -> str:
    """What confirming will do."""
    if action == "unbind":
        return t("staff-confirm-unbind", who=_who(person))
    roles = [r for r in person.roles if r in ROLES] if role == ALL else [role]
    return t("staff-confirm-revoke", who=_who(person), roles=role_names(t, roles))


@for_staff(roles=("admin",), refusal="staff-not-admin")
async def staff(update: Update, context: Context, caller: Caller) -> None:
    """/staff revoke 工号 [角色] [离岗原因] or /staff unbind 工号: show what would change."""
    t, words = caller.t, args_of(context)
    action = words[0].lower() if words else ""
    reason = next((REASONS[w] for w in words[2:] if w in REASONS), None)
    if action == "revoke" and reason is not None:
        words = [w for w in words if w not in REASONS]
    most = {"revoke": 3, "unbind": 2}.get(action, 0)
    if not 2 <= len(words) <= most:
        await reply(update, t("staff-usage"))
        return
    role = role_code(words[2] if len(words) == 3 else None)
    if role is None:
        await reply(update, t("staff-unknown-role", role=esc(words[2])))
        return
    person = await target_of(caller, words[1])
    if person is None:
        await reply(update, t("staff-unknown", staff_no=esc(words[1])))
        return
    assert context.user_data is not None
    # Each preview has its own key, so confirming an older preview never applies a newer one.
    key = secrets.token_hex(4)
    context.user_data.setdefault("staff", {})[key] = [action, words[1], role, reason]
    buttons = [[(t("staff-confirm"), f"st:ok:{key}"), (t("button-cancel"), f"st:no:{key}")]]
    await reply(update, preview(t, action, person, role), buttons)


@for_staff(answer=True)
async def pressed(update: Update, context: Context, caller: Caller) -> None:
    """Confirm or cancel: the person and the admin's reach are checked again before acting."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.user_data is not None
    _st, choice, key = [*query.data.split(":"), "", ""][:3]
    pending = context.user_data.get("staff", {}).pop(key, None)
    t = caller.t
    person = await target_of(caller, pending[1]) if pending else None
    if choice != "ok" or pending is None or person is None:
        said = "staff-cancelled" if choice == "no" else "error-button-stale"
        await query.edit_message_text(t(said))
        return
    action, _staff_no, role, *rest = pending
    reason = rest[0] if rest else None  # a preview kept before reasons were asked has none
    now = caller.svc.now()
    if action == "unbind":
        bound = await unbind(caller.session, staff=person, actor_id=caller.id, now=now, via="chat")
        text = t("staff-unbound" if bound else "staff-was-not-bound", who=_who(person))
    else:
        roles = list(ROLES) if role == ALL else [role]
        ended = await revoke_roles(
            caller.session,
            staff=person,
            roles=roles,
            actor_id=caller.id,
            now=now,
            left_on=caller.svc.today(),
            via="chat",
            reason=reason,
        )
        text = t(
            "staff-revoked",
            who=_who(person),
            ended=role_names(t, ended),
            left=role_names(t, person.roles),
        )
    await query.edit_message_text(text, parse_mode=ParseMode.HTML)
