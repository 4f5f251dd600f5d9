"""Problems in policy files, each tied to the line and field where it was found."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from policy import yaml_load

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class PolicyProblem:
    """One thing wrong with a policy file: where it is and what it is."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.field or '(file)'}: {self.message}"


class PolicyError(Exception):
    """A policy or calendar file that cannot be used; `problems` lists every reason."""

    def __init__(self, problems: Sequence[PolicyProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class YamlDoc:
    """A parsed YAML file that still knows the line of every key and value."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.problems: list[PolicyProblem] = []
        self.root: yaml.Node | None = None
        self.data: Any = None
        try:
            # Two parses: building the data flattens merge keys (<<) into the nodes, which the
            # duplicate-key check and the line look-ups must see as written.
            self.root = yaml.compose(text, Loader=yaml_load.SafeLoader)
            self.data = yaml_load.load(text)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark is not None else None
            self.problem(line, "", f"YAML syntax: {error.problem or error}")
            return
        if self.root is not None:
            self._find_duplicates(self.root, ())

    @classmethod
    def read(cls, path: Path) -> YamlDoc:
        """Parse a file that must hold a mapping at its top."""
        doc = cls(str(path), path.read_text(encoding="utf-8"))
        if not doc.problems and not isinstance(doc.data, dict):
            doc.problem(1, "", "the file must be a mapping (key: value)")
        return doc

    def unknown_keys(self, allowed: frozenset[str]) -> None:
        """A top-level key that is not in `allowed` is a problem (a typo, usually)."""
        for key in self.data:
            if key not in allowed:
                self.problem(self.line_of((str(key),)), str(key), "unknown key (a typo?)")

    def validate(self, model: type[M], data: Any, loc: Loc) -> M | None:
        """`data` as a `model`, or None with a problem per error at its line."""
        try:
            return model.model_validate(data)
        except ValidationError as error:
            self.validation_problems(error, loc)
            return None

    def problem(self, line: int | None, field: str, message: str) -> None:
        """Record a problem found at this line and field."""
        self.problems.append(PolicyProblem(self.path, line, field, message))

    def line_of(self, loc: Loc) -> int | None:
        """The 1-based line of the deepest node on this path that exists."""
        if self.root is None:
            return None
        node, line = self.root, self.root.start_mark.line + 1
        for part in loc:
            child, key_line = _child(node, part)
            if child is None:
                break
            node = child
            line = key_line if key_line is not None else child.start_mark.line + 1
        return line

    def validation_problems(self, error: ValidationError, prefix: Loc) -> None:
        """Turn each pydantic error into a problem at the line of its field."""
        for item in error.errors():
            loc = prefix + tuple(item["loc"])
            self.problem(self.line_of(loc), dotted(loc), _message(item))

    def _find_duplicates(self, node: yaml.Node, loc: Loc) -> None:
        """A key given twice in one mapping (two rules with one ID, say) is a problem."""
        for key, child in _children(node):
            self._find_duplicates(child, (*loc, key))
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, _ in node.value:
                key = str(key_node.value)
                if key in seen:
                    line = key_node.start_mark.line + 1
                    self.problem(line, dotted((*loc, key)), f"duplicate key {key!r}")
                seen.add(key)


def dotted(loc: Loc) -> str:
    """`rules.C06.target` for a location path."""
    return ".".join(str(part) for part in loc)


def _message(item: Any) -> str:
    """Pydantic's message, with friendlier words for the common cases."""
    if item["type"] == "extra_forbidden":
        return "unknown key (a typo?)"
    if item["type"] == "missing":
        return "required field is missing"
    return str(item["msg"])


def _children(node: yaml.Node) -> Iterator[tuple[str | int, yaml.Node]]:
    """The keyed or indexed children of a mapping or sequence node."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            yield str(key_node.value), value
    elif isinstance(node, yaml.SequenceNode):
        yield from enumerate(node.value)


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, int | None]:
    """The child at `part`, and the line of its key when `part` names a mapping key."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if str(key_node.value) == str(part):
                return value, key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part], None
    return None, None
