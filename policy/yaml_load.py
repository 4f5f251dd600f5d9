"""YAML parsing for policy files: libyaml's parser where PyYAML was built with it."""

from __future__ import annotations

from typing import Any

import yaml

# The C parser reads the shipped policy about ten times faster than the pure-Python one, and
# every process (and every test's application) reads it; both give the same nodes and marks.
SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    """The data in a YAML text, safely (no Python objects)."""
    return yaml.load(text, Loader=SafeLoader)
