"""The last step of /log and of the shortcuts: answers become a record, saved once, and shown."""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update

from handlers.access import Caller
from i18n import Translate, esc
from models.worklog import RecordDraft
from policy.kinds import COLUMN_KEYS, ActivityKind
from services import records


def to_record_draft(kind: ActivityKind, values: dict[str, Any]) -> RecordDraft:
    """Turn the answers into a record: known keys go to columns, the rest to details."""
    draft = RecordDraft(kind=kind.code, occurred_on=date.fromisoformat(values["occurred_on"]))
    for spec in kind.fields:
        value = values.get(spec.key)
        if spec.type == "student":
            draft.student_ids = [value] if value is not None else []
        elif spec.type == "class":
            draft.class_id = value
        elif spec.type == "dorm":
            draft.dorm = value
        elif spec.key in ("occurred_on", "follow_up_on"):
            setattr(draft, spec.key, date.fromisoformat(value) if value else None)
        elif spec.key in COLUMN_KEYS:
            setattr(draft, spec.key, bool(value) if spec.type == "bool" else value)
        elif value is not None:
            draft.details[spec.key] = value
    return draft


def summary(t: Translate, kind: ActivityKind, draft: dict[str, Any]) -> str:
    """The answers so far, one line a field."""
    lines = [f"<b>{t(f'kind-{kind.code}')}</b>"]
    for spec in kind.fields:
        if spec.key in draft["values"]:
            shown = draft["shown"].get(spec.key) or t("value-skipped")
            lines.append(f"{t(f'field-{spec.key}')}：{shown}")
    return "\n".join(lines)


async def save_answers(
    update: Update, caller: Caller, kind: ActivityKind, form: dict[str, Any]
) -> str:
    """Save a form's answers through the one save path; the ✅ text with the quotas it counts to."""
    draft = to_record_draft(kind, form["values"])
    svc, t = caller.svc, caller.t
    saved = await records.save(
        svc, caller.session, staff=caller.staff, draft=draft, update_id=update.update_id,
        progress_in=t,
    )  # fmt: skip
    text = "✅ " + t("log-saved") + "\n" + summary(t, kind, form)
    if saved.progress:
        text += "\n\n" + "\n".join(esc(line) for line in saved.progress)
    return text
