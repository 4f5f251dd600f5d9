"""A local emulator of WeCom's (企业微信) server API and callbacks, for tests and the sandbox."""

from bot.wecom_emulator.errors import WeComError
from bot.wecom_emulator.limits import WeComLimits
from bot.wecom_emulator.server import WeComEmulator
from bot.wecom_emulator.state import CallbackTry

__all__ = ["CallbackTry", "WeComEmulator", "WeComError", "WeComLimits"]
