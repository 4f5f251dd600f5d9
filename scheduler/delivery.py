"""Send what the outbox holds: claim a batch, send it as one message, mark it sent.

Telegram's limits are the Application's AIORateLimiter's job (about 30 messages a second
overall, one a second per chat, and `retry_after` waits on a 429); a 403 means the person
blocked the bot, which marks them unreachable for the digest and stops retrying.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Literal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError

from models.channels import channel_of, chat_of
from models.db import Database
from models.org import Staff
from models.outbox import Claimed, claim, file_hash, pending_batches, settle, stored_file
from reports.digest_text import split_message
from services.bot_api import JsonBotApi
from services.logsafe import log_failure

log = logging.getLogger(__name__)
# Telegram allows 100 buttons; a nudge keeps its keyboard readable on a phone.
MAX_BUTTON_ROWS = 12
IN_FLIGHT = 8
# Batches failed in a row after which a run leaves the rest to the next one.
OUTAGE_AFTER = 3
# Telegram file_ids of files already uploaded, by (bot, content hash): the digest's chart and
# workbook go up once and every further leader gets the file_id. Bounded: old ones drop out.
FILE_IDS_KEPT = 256
FileKey = tuple[int, str, str]  # (bot, the chat's channel, content hash)
_file_ids: OrderedDict[FileKey, str] = OrderedDict()
_uploading: dict[FileKey, asyncio.Lock] = {}


@dataclass
class Delivery:
    """What one delivery run did."""

    sent: int = 0  # messages (batches) delivered
    failed: int = 0  # batches given up for good
    retry: int = 0  # batches left for the next run


def compose(rows: Sequence[Claimed]) -> tuple[str, list[list[tuple[str, str]]]]:
    """One message from a batch: its header once, each row's lines, all their buttons."""
    header = rows[0].body.get("header")
    lines = [header] if header else []
    buttons: list[list[tuple[str, str]]] = []
    for row in rows:
        lines.append(row.body.get("text", ""))
        buttons += [[(label, data) for label, data in line] for line in row.body.get("buttons", [])]
    return "\n".join(lines), buttons[:MAX_BUTTON_ROWS]


def _keyboard(buttons: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in line]
            for line in buttons
        ]
    )


@dataclass
class Progress:
    """How many of a batch's messages have gone out (carried over from a failed try)."""

    sent: int = 0


async def _send(
    bot: JsonBotApi, db: Database, chat_id: int, rows: Sequence[Claimed], progress: Progress
) -> None:
    """Text parts (the keyboard under the last), then a chart and a workbook if any.

    The messages `progress` says went out already are skipped, and each one sent is
    counted there: a batch cut short by a failure resumes where it stopped.
    """
    text, buttons = compose(rows)
    parts = split_message(text)
    steps: list[Callable[[], Awaitable[object]]] = []
    for i, part in enumerate(parts):
        markup = _keyboard(buttons) if i == len(parts) - 1 else None
        message = {"chat_id": chat_id, "text": part, "parse_mode": ParseMode.HTML,
                   "reply_markup": markup}  # fmt: skip
        steps.append(partial(bot.post_json, "sendMessage", message))
    for row in rows:
        caption = {"chat_id": chat_id, "caption": row.body.get("caption")}
        photo = _stored(db, row.photo_file, row.photo)
        if photo is not None:
            steps.append(partial(_send_file, bot, File("photo", None), caption, *photo))
        document = _stored(db, row.document_file, row.document)
        if document is not None:
            steps.append(
                partial(_send_file, bot, File("document", row.filename), caption, *document)
            )
    for step in steps[progress.sent :]:
        await step()
        progress.sent += 1


Load = Callable[[], Awaitable[bytes]]


def _stored(db: Database, sha256: str | None, content: bytes | None) -> tuple[str, Load] | None:
    """A row's file as (hash, how to read its bytes); older rows carry the bytes themselves."""
    if content is not None:
        inline = content

        async def given() -> bytes:
            return inline

        return file_hash(content), given
    if sha256 is None:
        return None
    name = sha256

    async def load() -> bytes:
        async with db.session() as session:
            found = await stored_file(session, name)
        if found is None:
            raise BadRequest(f"outbox file {name} is gone")
        return found

    return sha256, load


@dataclass(frozen=True)
class File:
    """How a file goes: as Telegram's `photo` (sendPhoto) or `document`, under a name."""

    kind: Literal["photo", "document"]
    filename: str | None

    async def send(self, bot: JsonBotApi, params: dict[str, Any], file: bytes | str) -> Any:
        """Send the bytes, or an earlier upload's file_id; Telegram's result."""
        method = "sendPhoto" if self.kind == "photo" else "sendDocument"
        value = InputFile(file, filename=self.filename) if isinstance(file, bytes) else file
        return await bot.post_json(method, {**params, self.kind: value})

    def file_id(self, result: Any) -> str | None:
        """The file_id of what a send gave back (a photo's largest size)."""
        found = result.get(self.kind) if isinstance(result, dict) else None
        if isinstance(found, list):  # a photo's sizes, smallest first
            found = found[-1] if found else None
        return found.get("file_id") if isinstance(found, dict) else None


async def _send_file(
    bot: JsonBotApi, file: File, params: dict[str, Any], sha256: str, load: Load
) -> None:
    """Send a file by the file_id of an earlier upload of the same bytes, else upload it.

    Concurrent senders of the same bytes wait for the first upload rather than each
    uploading their own copy; a file sent by its file_id is never read from the database.
    """
    # A file id is good on the channel that gave it only.
    key = (bot.id, channel_of(params["chat_id"]), sha256)
    known = _file_ids.get(key)
    if known is None:
        async with _uploading.setdefault(key, asyncio.Lock()):
            known = _file_ids.get(key)
            if known is None:
                file_id = file.file_id(await file.send(bot, params, await load()))
                if file_id is not None:
                    _remember(key, file_id)
                return
    try:
        await file.send(bot, params, known)
    except BadRequest:  # the file_id expired or belongs to another bot: upload once more
        _file_ids.pop(key, None)
        await file.send(bot, params, await load())


def _remember(key: FileKey, file_id: str) -> None:
    _file_ids[key] = file_id
    while len(_file_ids) > FILE_IDS_KEPT:
        old, _ = _file_ids.popitem(last=False)
        _uploading.pop(old, None)


Outcome = Literal["sent", "failed", "retry", "taken"]


async def _deliver_batch(
    bot: JsonBotApi, db: Database, recipient_id: int, batch: str, now: datetime
) -> Outcome:
    """Claim one batch and send it; say how it went ("taken": another sender had it)."""
    async with db.session() as session:
        # The claim commits before sending, so that no connection waits "idle in
        # transaction" on the network while the batch is sent (eight batches in flight
        # would otherwise hold eight of the pool's, and of PostgreSQL's, connections).
        rows, chat_id = await claim(
            session, recipient_id, batch, now, also=partial(chat_of, staff_id=recipient_id)
        )
        if not rows:
            return "taken"
        if chat_id is None:
            await settle(session, rows, now, sent=False, failed="not registered")
            return "failed"
        # Every row of a batch is settled together, so they all hold the same count.
        progress = Progress(max(row.parts_sent for row in rows))
        try:
            await _send(bot, db, chat_id, rows, progress)
        except Forbidden:
            staff = await session.get(Staff, recipient_id)  # rare: the ORM is cheap enough
            if staff is not None:  # written by settle's commit, in its write turn
                staff.unreachable = True
            await settle(session, rows, now, sent=False, failed="blocked")
            log.info("staff %s blocked the bot; marked unreachable", recipient_id)
            return "failed"
        except BadRequest as error:
            # A message Telegram refuses will be refused again: do not loop on it.
            await settle(session, rows, now, sent=False, failed=type(error).__name__)
            log.warning("outbox batch for staff %s refused: %s", recipient_id, error.message)
            return "failed"
        except TelegramError as error:
            await settle(session, rows, now, sent=False, parts_sent=progress.sent)
            log.warning("outbox batch for staff %s will be retried: %s", recipient_id, error)
            return "retry"
        except Exception:
            # Something of ours broke (the database, say): free the batch now, with what went
            # out, if the session still can; else its claim goes stale and it is taken again.
            with contextlib.suppress(Exception):
                await settle(session, rows, now, sent=False, parts_sent=progress.sent)
            raise
        # A digest names students: its delivery is a read like any other.
        reads = [
            {"actor_id": None, "action": "digest.deliver", "target": f"staff:{recipient_id}",
             "period": row.period}
            for row in rows
            if row.rule == "digest"
        ]  # fmt: skip
        await settle(session, rows, now, sent=True, audits=reads)
        return "sent"


async def deliver(bot: JsonBotApi, db: Database, now: datetime) -> Delivery:
    """Send every pending batch once; safe to run twice at the same time."""
    done = Delivery()
    async with db.session() as session:
        batches = await pending_batches(session, now)
    # One person's batches go one after another, in the order decided: a batch never waits
    # behind another to the same chat (a channel that paces each person, a few messages a
    # minute, would keep it waiting past its call's patience). A few batches in flight, of different
    # people, hide the database's and the network's latency; the rate limiter still paces
    # what leaves.
    queues: dict[int, list[str]] = {}
    for recipient_id, batch in batches:
        queues.setdefault(recipient_id, []).append(batch)
    gate = asyncio.Semaphore(IN_FLIGHT)
    failing = 0  # batches left for a retry in a row, with none sent in between

    async def one(recipient_id: int, batch: str) -> Outcome:
        nonlocal failing
        if failing >= OUTAGE_AFTER:
            # The Bot API is down (or the process is stopping): claiming each batch only
            # to fail it would hold the run up for minutes. The next run sends them.
            return "retry"
        try:
            outcome = await _deliver_batch(bot, db, recipient_id, batch, now)
        except Exception:  # e.g. SQLite busy: this batch is retried, the others go on
            log.exception("outbox batch for staff %s failed", recipient_id)
            outcome = "retry"
        if outcome == "sent":
            failing = 0
        elif outcome == "retry":
            failing += 1
        return outcome

    async def person(recipient_id: int, their_batches: list[str]) -> None:
        for i, batch in enumerate(their_batches):
            # A turn of the gate per batch, not per person: people take turns batch by batch,
            # and a leader with twenty colleges' digests does not hold a place for minutes
            # while their channel paces them.
            async with gate:
                outcome = await one(recipient_id, batch)
                if outcome == "sent":
                    done.sent += 1
                elif outcome == "failed":
                    done.failed += 1
                elif outcome == "retry":  # the rest wait for it: none may overtake it
                    done.retry += len(their_batches) - i
                    return

    await asyncio.gather(*(person(r, b) for r, b in queues.items()))
    return done


class Pump:
    """Delivers what is decided while the rest is still being decided (the digest, issue 22).

    `kick()` after each commit starts a delivery in the background, or asks the running one
    to look again when it ends; `finish()` waits for it and delivers what is left. Rows are
    claimed before they are sent, so runs that overlap never send a batch twice.
    """

    def __init__(self, bot: JsonBotApi, db: Database, now: datetime) -> None:
        self.bot, self.db, self.now = bot, db, now
        self.done = Delivery()
        self._more = asyncio.Event()
        self._running: asyncio.Task[None] | None = None

    def kick(self) -> None:
        """Something was decided: deliver it now, or as soon as the current run ends."""
        self._more.set()
        if self._running is None or self._running.done():
            self._running = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while self._more.is_set():
            self._more.clear()
            try:
                self._add(await deliver(self.bot, self.db, self.now), last=False)
            except Exception as error:  # what is left goes out in finish(), or the next run
                log_failure(log, "digest delivery", error)

    def _add(self, run: Delivery, *, last: bool) -> None:
        self.done.sent += run.sent
        self.done.failed += run.failed
        if last:  # a batch to retry is retried by the next run: only the last one's count
            self.done.retry = run.retry

    async def finish(self) -> Delivery:
        """Wait for the delivery under way, then deliver everything still pending."""
        if self._running is not None:
            await self._running
        self._add(await deliver(self.bot, self.db, self.now), last=True)
        return self.done
