"""The Bot API client's own cost: PTB's HTTPXRequest against fudao's AiohttpRequest.

Both carry the same `sendMessage` calls of PTB's Bot to the Bot API emulator, eight in
flight, and the process's CPU time per call is printed for each: PTB's and the emulator's
shares are the same for both, so the difference is the client's. Run:
`python benchmarks/http_client.py [--calls N]`.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from telegram import Bot  # noqa: TID251 - PTB's own client is the baseline
from telegram.request import BaseRequest, HTTPXRequest  # noqa: TID251

from bot.aiohttp_request import AiohttpRequest
from bot.emulator import Emulator, EmulatorLimits

TOKEN = "123456:HTTP-bench"
USER = 4242
IN_FLIGHT = 8


def _text(i: int) -> str:
    """A digest-like line of Chinese text."""
    return f"第{i}条：本周寝室走访 2 次，谈心谈话 5 人次，班会 1 次。" * 3


async def cpu_per_call(request: BaseRequest, emu: Emulator, calls: int) -> float:
    """Milliseconds of this process's CPU per call through PTB's Bot, `IN_FLIGHT` at a time."""
    bot = Bot(TOKEN, base_url=emu.api_url, request=request)
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def one(i: int) -> None:
        async with gate:
            await bot.send_message(USER, _text(i), parse_mode="HTML")

    async with bot:
        await asyncio.gather(*(one(i) for i in range(20)))  # connections open, code warm
        start = time.process_time()
        await asyncio.gather(*(one(i) for i in range(calls)))
        return (time.process_time() - start) / calls * 1000


async def main(calls: int) -> None:
    """Measure both clients in turn, twice, on one emulator."""
    emu = Emulator(TOKEN, limits=EmulatorLimits(global_per_second=None, chat_per_second=None))
    await emu.start()
    emu.add_user(USER, "bench")
    try:
        for _ in range(2):
            httpx_ms = await cpu_per_call(HTTPXRequest(connection_pool_size=IN_FLIGHT), emu, calls)
            aio_ms = await cpu_per_call(AiohttpRequest(IN_FLIGHT), emu, calls)
            print(
                f"Bot API client, {calls} sendMessage calls: HTTPXRequest {httpx_ms:.2f} ms CPU "
                f"each, AiohttpRequest {aio_ms:.2f} ms ({httpx_ms / aio_ms:.1f}× less; the "
                f"emulator's share is in both)"
            )
    finally:
        await emu.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=2000)
    asyncio.run(main(parser.parse_args().calls))
