"""How fast the web console's college overview answers for the benchmark university.

    .venv/bin/python benchmarks/console.py [--db PATH | --url postgresql://…] [--requests N]
                                           [--reuse]

Builds the university of benchmarks/evaluate.py (≈1,000 staff, 30,000 students, 1,000,000
records over four years; `--reuse` measures the file as it is), starts the console on a free
port with the clock fixed at evaluate.py's instant, signs a leader of 机电工程学院 in, and
fetches /app/college over HTTP: once cold (nothing shared yet), then `--requests` times as the
readers of one minute do, sharing the evaluations of that instant (bot/web/shared.py).
Prints the cold time, p50/p95/max of all requests (cold one included), and the first request
of the next minute, when the evaluations are computed again in a warm process.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import aiohttp
from sqlmodel import col, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.evaluate import NOW, generate  # builds the university
from bot.config import Settings
from bot.web import Console, serve
from bot.web.server import COOKIE
from models.db import Database
from models.org import College, Staff
from models.web import open_session
from policy.service import PolicyService
from services.context import Services

TOKEN = "123456:BENCH-console-token"


async def _leader_session(db: Database) -> str:
    """A session for a leader of the first college, as if they had signed in."""
    async with db.session() as session:
        college = (await session.exec(select(College).order_by(col(College.id)))).first()
        assert college is not None and college.id is not None
        query = select(Staff).where(Staff.college_id == college.id, Staff.is_leader)
        leader = (await session.exec(query)).first()
        assert leader is not None and leader.id is not None
        token = await open_session(session, staff_id=leader.id, via="bench", now=NOW)
        await session.commit()
        return token


async def _timed(http: aiohttp.ClientSession, port: int, path: str = "/app/college") -> float:
    """Seconds for one page of the console (the overview by default)."""
    start = time.perf_counter()
    async with http.get(f"http://127.0.0.1:{port}{path}") as response:
        body = await response.text()
        assert response.status == 200, body[:200]
    return time.perf_counter() - start


async def measure(url: str, requests: int) -> None:
    """Serve the console and time the overview page."""
    db = Database(url)
    moment = [NOW]
    svc = Services(db=db, policy=PolicyService.load(), clock=lambda: moment[0])
    with tempfile.TemporaryDirectory() as tmp:
        console = Console(svc, Settings(data_dir=Path(tmp)), TOKEN)
        runner, port = await serve(console, "127.0.0.1", 0)
        token = await _leader_session(db)
        cookies = {COOKIE: console.signer.cookie(token)}
        times = []
        try:
            async with aiohttp.ClientSession(cookies=cookies) as http:
                for _ in range(requests + 1):
                    times.append(await _timed(http, port))
                # The first reader of the next minute evaluates again (the process is warm).
                moment[0] = NOW + timedelta(minutes=1)
                next_minute = await _timed(http, port)
                trend = await _timed(http, port, "/app/college/trend.svg")
        finally:
            await runner.cleanup()
            await db.dispose()
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(f"console college overview ({len(ms)} requests, one college of the university): "
          f"cold {times[0] * 1000:.0f} ms · p50 {statistics.median(ms):.0f} ms · "
          f"p95 {p95:.0f} ms · max {ms[-1]:.0f} ms (target p95 <= 300 ms); "
          f"first reader of the next minute {next_minute * 1000:.0f} ms; "
          f"the term's weekly trend (one evaluation a week) {trend * 1000:.0f} ms")  # fmt: skip


def main() -> None:
    """Build (or reuse) the university and measure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=Path("data/bench.db"))
    parser.add_argument("--url", help="a database URL instead of --db (PostgreSQL, say)")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--reuse", action="store_true", help="measure the existing data")
    args = parser.parse_args()
    url = args.url or f"sqlite:///{args.db.resolve()}"
    if not args.reuse:
        args.db.parent.mkdir(parents=True, exist_ok=True)
        generate(url, 1_000_000, 4, overwrite=True)
    asyncio.run(measure(url, args.requests))


if __name__ == "__main__":
    main()
