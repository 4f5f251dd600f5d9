"""Who a WeCom member is, for the chat and for the web console's OAuth sign-in."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.wecom.api import WeComApi, WeComError
from models.channels import member_chat_id
from models.org import Staff
from models.scope import staff_by_telegram
from services.registration import register_by_staff_no


async def staff_of_member(
    session: AsyncSession, settings: Settings, *, userid: str, now: datetime
) -> tuple[int, Staff | None, bool]:
    """The member's chat id, the registered person behind it, and whether they were bound now
    (by their 工号, with FUDAO_WECOM_USERID_IS_STAFF_NO)."""
    chat_id = await member_chat_id(session, userid=userid)
    staff = await staff_by_telegram(session, telegram_user_id=chat_id)
    if staff is None and settings.wecom_userid_is_staff_no:
        staff = await register_by_staff_no(
            session, staff_no=userid, chat_id=chat_id, now=now, via="wecom-userid"
        )
        return chat_id, staff, staff is not None
    return chat_id, staff, False


async def staff_of_oauth_code(
    session: AsyncSession, settings: Settings, api: WeComApi, *, code: str, now: datetime
) -> Staff | None:
    """The registered person a web OAuth `code` stands for (获取访问用户身份); None for a
    non-member, a used or expired code, or someone fudao does not know."""
    if not code or len(code) > 512:
        return None
    try:
        userid = await api.userid_of_code(code)
    except WeComError:
        return None
    if userid is None:
        return None
    _, staff, _ = await staff_of_member(session, settings, userid=userid, now=now)
    return staff
