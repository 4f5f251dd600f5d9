"""Problems in a sent file, as codes with arguments, rendered in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from i18n import DEFAULT_LOCALE, Translate, translator


def _chinese() -> Translate:
    """The default translator: logs, `str()` and callers without a reader."""
    return translator(DEFAULT_LOCALE)


@dataclass(frozen=True)
class RowError:
    """One problem in the file, where the spreadsheet shows it: `import-error-{code}`."""

    row: int
    column: str
    code: str
    args: dict[str, Any] = field(default_factory=dict)

    def render(self, t: Translate) -> str:
        """`第 N 行，X 列：…` in the reader's language."""
        message = t(f"import-error-{self.code}", **self.args)
        if self.row == 1 and not self.column:
            return t("import-error-at-header", message=message)
        return t("import-error-at", row=self.row, column=self.column, message=message)

    def __str__(self) -> str:
        return self.render(_chinese())


class TableError(Exception):
    """A file that cannot be read as a table: `import-table-{code}` says why."""

    def __init__(self, code: str, **args: Any) -> None:
        super().__init__(code)
        self.code, self.values = code, args

    def render(self, t: Translate) -> str:
        """Why the file cannot be read, in the reader's language."""
        return t(f"import-table-{self.code}", **self.values)

    def __str__(self) -> str:
        return self.render(_chinese())
