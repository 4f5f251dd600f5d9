"""Settings from environment variables (prefix FUDAO_) and an optional .env file."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

TELEGRAM_API_URL = "https://api.telegram.org/bot"


class Settings(BaseSettings):
    """Everything fudao reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="FUDAO_", env_file=".env", extra="ignore")

    telegram_token: SecretStr | None = None
    # Telegram sends it back on every webhook request; an environment variable keeps it out of ps.
    webhook_secret: SecretStr | None = None
    telegram_api_url: str = TELEGRAM_API_URL
    telegram_file_url: str | None = None
    # The bot's @username for invitation links, when the Bot API cannot be asked for it.
    bot_username: str | None = None
    database_url: str | None = None
    data_dir: Path = Path("data")
    policy_dir: Path | None = None
    # Ten idle minutes end a half-filled form; tests shorten it.
    conversation_timeout: float = 600.0
    # Jobs on the JobQueue (nudges, digest, crisis alerts…); off only in tests that drive
    # the jobs themselves with `run_job`.
    scheduler: bool = True
    # Messages a second to all chats together: under Telegram's ~30, as its FAQ advises.
    send_rate: float = 25.0
    # A reply failing for a network error, a timeout or a 5xx is retried for this many
    # seconds (bot/resilient.py); the first retry waits `reply_retry_backoff` seconds, each
    # next one twice as long. Tests shorten both.
    reply_retry_for: float = 600.0
    reply_retry_backoff: float = 1.0

    @property
    def file_url(self) -> str:
        """Where files are downloaded from: given, or derived from the API URL."""
        if self.telegram_file_url:
            return self.telegram_file_url
        base = self.telegram_api_url
        if base.endswith("/bot"):
            return base[: -len("/bot")] + "/file/bot"
        return base.rstrip("/") + "/file/bot"

    @property
    def db_url(self) -> str:
        """The database URL: given, or an SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'fudao.db').resolve()}"
