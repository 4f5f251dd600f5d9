"""`fudao sandbox`: start everything on a fresh embedded database and print one address."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import socket
import sys
from dataclasses import dataclass, field

from aiohttp import web

from bot.config import Settings
from bot.sandbox.runtime import Runtime, sandbox_database_url
from bot.sandbox.web import Page

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Sandbox:
    """The runtime and the page server, as one thing to start and stop."""

    runtime: Runtime
    host: str = "127.0.0.1"
    port: int = 8765
    page: Page = field(init=False)
    _runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        """The one address to open."""
        return f"http://{self.host}:{self.port}"

    async def start(self) -> str:
        """Start the bot on the emulator and serve the page; the page's address."""
        await self.runtime.start()
        self.page = Page(self.runtime, address=lambda: self.url)
        self._runner = web.AppRunner(self.page.application(), access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self.url

    async def stop(self) -> None:
        """Stop serving, then stop the bot and the emulator."""
        if self._runner is not None:
            await self._runner.shutdown()
            await self._runner.cleanup()
        await self.runtime.stop()


def add_sandbox_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `sandbox` subcommand's options."""
    box = sub.add_parser("sandbox", help="try the whole assistant in a browser, no Telegram")
    box.add_argument("--port", type=int, default=8765, help="the page's port (default 8765)")
    box.add_argument("--host", default="127.0.0.1", help="the page's address (default 127.0.0.1)")
    box.add_argument(
        "--public", action="store_true", help="allow a --host other than loopback (anyone can act)"
    )
    box.add_argument("--students", type=int, default=480, metavar="N", help="demo students")


def port_taken(host: str, port: int) -> bool:
    """True when something already listens on host:port (checked before seeding anything)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


async def _serve(settings: Settings, args: argparse.Namespace) -> None:
    """Run until Ctrl-C or SIGTERM."""
    runtime = Runtime(settings, sandbox_database_url(settings), students=args.students)
    box = Sandbox(runtime, host=args.host, port=args.port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    url = await box.start()
    print(url, flush=True)
    try:
        await stop.wait()
    finally:
        await box.stop()


def sandbox(settings: Settings, args: argparse.Namespace) -> int:
    """Entry point of `fudao sandbox`."""
    if args.host not in LOOPBACK:
        if not args.public:
            print(
                f"--host {args.host} exposes the sandbox to the network, where anyone can act as "
                "any demo person: add --public if that is what you want.",
                file=sys.stderr,
            )
            return 2
        print(
            f"warning: the sandbox is served on {args.host}, beyond this computer.", file=sys.stderr
        )
    if args.port and port_taken(args.host, args.port):
        print(
            f"port {args.port} is in use: try fudao sandbox --port {args.port + 1}", file=sys.stderr
        )
        return 1
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    # The terminal shows the one address to open; warnings and errors still get through.
    logging.getLogger().setLevel(logging.WARNING)
    asyncio.run(_serve(settings, args))
    return 0
