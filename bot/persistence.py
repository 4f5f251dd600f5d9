"""PTB persistence on fudao's own database: half-filled forms and conversation states survive
a restart. Only user_data and conversations are kept; bot_data holds live services and
chat_data is unused.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from models.chat_state import CONVERSATION, USER, drop_states, encode, load_states, save_state
from models.db import Database

# PTB writes what changed this often (seconds) and at shutdown; a crash loses at most this.
UPDATE_INTERVAL = 2.0

UserData = dict[Any, Any]
# (scope, conversation name, key): a row of the chat_state table.
Slot = tuple[str, str, str]


class DatabasePersistence(BasePersistence[UserData, dict[Any, Any], dict[Any, Any]]):
    """user_data and conversation states in the `chat_state` table."""

    def __init__(self, db: Database, update_interval: float = UPDATE_INTERVAL) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )
        self.db = db
        # What each row holds, as encoded text: PTB hands over every person who sent an
        # update, changed or not, every few seconds, and this process is the table's only
        # writer (PTB loads every row at start), so an unchanged value needs no statement.
        self.stored: dict[Slot, str] = {}

    async def _save(self, slot: Slot, value: Any) -> None:
        """Write one row (None or an empty dict deletes it) unless it holds that already."""
        text = None if value is None or value == {} else encode(value)
        if self.stored.get(slot) == text:
            return
        scope, name, key = slot
        async with self.db.session() as session:
            await save_state(session, scope=scope, name=name, key=key, value=value)
        if text is None:
            self.stored.pop(slot, None)
        else:
            self.stored[slot] = text

    def _loaded(self, scope: str, name: str, stored: dict[str, Any]) -> None:
        """Note what the table held at start."""
        for key, value in stored.items():
            self.stored[(scope, name, key)] = encode(value)

    async def get_user_data(self) -> dict[int, UserData]:
        """Every person's stored user_data."""
        async with self.db.session() as session:
            stored = await load_states(session, scope=USER)
        self._loaded(USER, "", stored)
        return {int(key): value for key, value in stored.items()}

    async def update_user_data(self, user_id: int, data: UserData) -> None:
        """Store one person's user_data (an empty dict deletes the row)."""
        await self._save((USER, "", str(user_id)), data)

    async def refresh_user_data(self, user_id: int, user_data: UserData) -> None:
        """Nothing to refresh: this process is the only writer of a person's user_data."""

    async def drop_user_data(self, user_id: int) -> None:
        """Forget one person's user_data."""
        async with self.db.session() as session:
            await drop_states(session, scope=USER, key=str(user_id))
        self.stored = {
            slot: v for slot, v in self.stored.items() if slot[::2] != (USER, str(user_id))
        }

    async def get_conversations(self, name: str) -> ConversationDict:
        """The stored states of one conversation, by (chat, user) key."""
        async with self.db.session() as session:
            stored = await load_states(session, scope=CONVERSATION, name=name)
        self._loaded(CONVERSATION, name, stored)
        return {tuple(json.loads(key)): state for key, state in stored.items()}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Store (or, when it ended, delete) one conversation's state."""
        await self._save((CONVERSATION, name, json.dumps(list(key))), new_state)

    # What fudao does not persist: chat_data, bot_data and callback data.
    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        """chat_data is not kept."""
        return {}

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        """chat_data is not kept."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """chat_data is not kept."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """chat_data is not kept."""

    async def get_bot_data(self) -> dict[Any, Any]:
        """bot_data holds live services and is never stored."""
        return {}

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        """bot_data is not kept."""

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        """bot_data is not kept."""

    async def get_callback_data(self) -> CDCData | None:
        """Arbitrary callback data is not used."""
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        """Arbitrary callback data is not used."""

    async def flush(self) -> None:
        """Every write is committed when it is made."""
