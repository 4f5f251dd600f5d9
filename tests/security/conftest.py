"""The production Application against the emulator, and the `fudao` command's environment."""

from tests.handlers.harness import app, cli_env, clock, emulator, world

__all__ = ["app", "cli_env", "clock", "emulator", "world"]
