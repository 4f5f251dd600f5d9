"""Activity kinds: what can be logged, by whom, and which fields each needs."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from policy import yaml_load

FieldType = Literal["student", "class", "dorm", "date", "choice", "text", "number", "note", "bool"]
Role = Literal["counselor", "head_teacher", "leader", "department", "academic_staff", "admin"]

# Keys that are columns of work_records; every other key is kept in `details`.
COLUMN_KEYS = frozenset(
    {"subtype", "theme", "hours", "attendance", "note", "crisis", "follow_up_on", "occurred_on"}
)
NOTE_MAX_LENGTH = 2000
# How far back a day of work may be logged or moved by its owner (an admin may reach further).
MAX_DAYS_BACK = 30


class FieldSpec(BaseModel):
    """One step of the logging conversation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    type: FieldType
    optional: bool = False
    options: tuple[str, ...] = ()
    multi: bool = False
    future: bool = False
    integer: bool = False
    min: float | None = None
    max: float | None = None
    max_length: int = 200

    @model_validator(mode="after")
    def _check(self) -> FieldSpec:
        """A choice needs options; only a choice has them."""
        if (self.type == "choice") != bool(self.options):
            raise ValueError("a choice field needs options, and only a choice field has them")
        return self

    @property
    def skippable(self) -> bool:
        """Whether the user may skip this step (notes are always optional)."""
        return self.optional or self.type == "note"


class ActivityKind(BaseModel):
    """A kind of work that can be logged (谈心谈话, 走访宿舍, …)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    roles: tuple[Role, ...]
    menu: str
    fields: tuple[FieldSpec, ...] = Field(min_length=1)

    def field(self, key: str) -> FieldSpec | None:
        """The field with this key, if the kind has it."""
        return next((f for f in self.fields if f.key == key), None)

    @property
    def subtypes(self) -> tuple[str, ...]:
        """The subtype options of this kind (empty when it has none)."""
        spec = self.field("subtype")
        return spec.options if spec else ()


class KindCatalog(BaseModel):
    """Every activity kind, in menu order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: tuple[ActivityKind, ...]

    def get(self, code: str) -> ActivityKind | None:
        """The kind with this code."""
        return next((k for k in self.kinds if k.code == code), None)

    def for_roles(self, roles: list[str]) -> list[ActivityKind]:
        """The kinds that any of these roles may log."""
        return [k for k in self.kinds if set(k.roles) & set(roles)]


@cache
def load_kinds() -> KindCatalog:
    """The shipped activity kinds."""
    text = resources.files("policy").joinpath("data/kinds.yaml").read_text(encoding="utf-8")
    return KindCatalog.model_validate(yaml_load.load(text))
