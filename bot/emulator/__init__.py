"""A local emulator of the Telegram Bot API, for end-to-end tests and the sandbox."""

from bot.emulator.limits import EmulatorLimits
from bot.emulator.server import Emulator
from bot.emulator.state import BotMessage, EmuChat, EmuUser

__all__ = ["BotMessage", "EmuChat", "EmuUser", "Emulator", "EmulatorLimits"]
