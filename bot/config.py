"""Settings from environment variables (prefix FUDAO_) and an optional .env file."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

TELEGRAM_API_URL = "https://api.telegram.org/bot"
WECOM_API_URL = "https://qyapi.weixin.qq.com"


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
    # 企业微信 (WeCom) 自建应用: the channel runs when the corp id is set (bot/wecom/).
    wecom_corp_id: str | None = None
    wecom_agent_id: int | None = None
    wecom_secret: SecretStr | None = None
    wecom_token: SecretStr | None = None
    wecom_aes_key: SecretStr | None = None
    wecom_api_url: str = WECOM_API_URL
    # host:port of the callback server; WeCom posts to /wecom/callback there.
    wecom_listen: str = "0.0.0.0:8080"
    # A member whose UserID is a roster 工号 is that person, with no invite.
    wecom_userid_is_staff_no: bool = False
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
    # The web console (bot/web/): served by `fudao run` on host:port when set, at web_url/app.
    web_listen: str | None = None
    web_url: str | None = None
    # Signs the console's cookies; derived from the bot token (or WeCom secret) when not set.
    web_secret: SecretStr | None = None
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
    def telegram_enabled(self) -> bool:
        """True when the Telegram channel is configured."""
        return self.telegram_token is not None

    @property
    def wecom_enabled(self) -> bool:
        """True when the WeCom channel is configured."""
        return bool(self.wecom_corp_id)

    def channel_problem(self) -> str | None:
        """Why fudao cannot start a channel: none configured, or WeCom half configured."""
        if not self.telegram_enabled and not self.wecom_enabled:
            return (
                "no channel is configured: set FUDAO_TELEGRAM_TOKEN=<token from @BotFather> for "
                "Telegram, or FUDAO_WECOM_CORP_ID (with FUDAO_WECOM_AGENT_ID, FUDAO_WECOM_SECRET, "
                "FUDAO_WECOM_TOKEN and FUDAO_WECOM_AES_KEY) for WeCom, then run again."
            )
        return self.wecom_problem() if self.wecom_enabled else None

    def wecom_problem(self) -> str | None:
        """What the WeCom settings still lack, if anything."""
        unset = [
            f"FUDAO_WECOM_{name.upper()}"
            for name in ("agent_id", "secret", "token", "aes_key")
            if getattr(self, f"wecom_{name}") is None
        ]
        if unset:
            return f"WeCom is configured but {', '.join(unset)} not set"
        if len(self.wecom_aes_key.get_secret_value() if self.wecom_aes_key else "") != 43:
            return "FUDAO_WECOM_AES_KEY must be the 43-character EncodingAESKey of the callback"
        return None

    @property
    def db_url(self) -> str:
        """The database URL: given, or an SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'fudao.db').resolve()}"
