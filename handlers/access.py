"""Who is this, and may they do this: one decorator in front of every staff-only callback."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update

from handlers.common import Context, identify, reply, services, tr
from i18n import Translate
from models.org import Staff
from services.context import Services

R = TypeVar("R")


@dataclass(frozen=True)
class Caller:
    """A registered staff member's update: who they are, their language, the services, a session."""

    staff: Staff
    t: Translate
    svc: Services
    session: AsyncSession

    @property
    def id(self) -> int:
        """The staff member's id (always set: they were read from the database)."""
        assert self.staff.id is not None
        return self.staff.id


StaffCallback = Callable[[Update, Context, Caller], Awaitable[R]]
Callback = Callable[[Update, Context], Coroutine[Any, Any, R]]


def holds(staff: Staff, roles: Iterable[str]) -> bool:
    """Whether the person holds at least one of the roles."""
    return bool(set(roles) & set(staff.roles))


@overload
def for_staff(
    *, roles: Iterable[str] = (), refusal: str = "", answer: bool = False
) -> Callable[[StaffCallback[None]], Callback[None]]: ...


@overload
def for_staff(
    *, roles: Iterable[str] = (), refusal: str = "", answer: bool = False, refused: R
) -> Callable[[StaffCallback[R]], Callback[R]]: ...


def for_staff(
    *, roles: Iterable[str] = (), refusal: str = "", answer: bool = False, refused: Any = None
) -> Any:
    """Open the update's session, identify the caller and check their role, then call through.

    A stranger gets the one polite line of `identify`; someone registered without any of `roles`
    gets the localized `refusal` (a locale key). Both make the callback return `refused` (a
    conversation's END). `answer` first stops the spinner of the pressed button. The session
    is the update's, the one the gate read the caller in, open for the whole callback.
    """
    wanted = tuple(roles)
    # A role check without its refusal would leave the person with no answer at all.
    assert refusal or not wanted, "for_staff(roles=...) needs the refusal to show"

    def decorate(callback: StaffCallback[Any]) -> Callback[Any]:
        @functools.wraps(callback)
        async def wrapper(update: Update, context: Context) -> Any:
            if answer and update.callback_query is not None:
                await update.callback_query.answer()
            svc = services(context)
            async with svc.db.turn_session() as session:
                staff = await identify(update, context, session)
                if staff is None or staff.id is None:
                    return refused
                t = tr(staff)
                if wanted and not holds(staff, wanted):
                    await reply(update, t(refusal))
                    return refused
                return await callback(update, context, Caller(staff, t, svc, session))

        return wrapper

    return decorate
