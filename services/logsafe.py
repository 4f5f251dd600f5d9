"""Logging a failure without the values it carries (notes, names, tokens).

An exception's message may quote the data that broke it (a database error repeats the row,
a parse error the text), so only its type goes into the log at ERROR. The frames (file,
line, function and source line) hold code, never data, so they are logged at DEBUG for
whoever has to find the bug.
"""

from __future__ import annotations

import logging
import sysconfig
import traceback

_LIBRARIES = tuple(
    path for key in ("stdlib", "purelib", "platlib") if (path := sysconfig.get_paths().get(key))
)


def frames_of(error: BaseException) -> str:
    """The traceback's frames without the exception's message."""
    return "".join(traceback.format_tb(error.__traceback__)).rstrip()


def our_function(error: BaseException) -> str:
    """The outermost function of ours in the traceback (the handler or job), or '?'."""
    for frame in traceback.extract_tb(error.__traceback__):
        if not frame.filename.startswith(_LIBRARIES):
            return frame.name
    return "?"


def log_failure(log: logging.Logger, what: str, error: BaseException, **ids: object) -> None:
    """Log that `what` failed: the exception's type and the ids given, then frames at DEBUG."""
    where = " ".join(f"{key}={value}" for key, value in ids.items())
    log.error("%s failed: %s in %s %s", what, type(error).__name__, our_function(error), where)
    log.debug("%s failed at:\n%s", what, frames_of(error))


# Loggers that write data at DEBUG or INFO: Bot API URLs carry the token (httpx, httpcore),
# PTB logs every call's parameters and result (message texts, so notes), and aiosqlite every
# statement with its parameters. They are capped whatever level the root logger is set to.
CHATTY = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "telegram": logging.INFO,
    "aiosqlite": logging.INFO,
    "psycopg": logging.INFO,
}


def quiet_chatty_loggers() -> None:
    """Cap the loggers that would write tokens or notes."""
    for name, level in CHATTY.items():
        logging.getLogger(name).setLevel(level)
