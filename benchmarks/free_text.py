"""How well the free-text reader proposes records: exact match per field and per record.

    .venv/bin/python benchmarks/free_text.py

Reads tests/free_text/sentences.yaml (and fresh.yaml, written after the reader, never tuned
against) and prints, for the tuning set and each held-out set: per field, the share of
sentences where the field is right, counted over the sentences where the field is expected
or proposed; whole records exactly right; and sentences that propose a wrong student.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.free_text.cases import FIELDS, Case, cases, run, wrong_student


def report(title: str, chosen: list[Case]) -> list[str]:
    """The table of one set of sentences."""
    results = [(case, run(case)) for case in chosen]
    lines = [f"## {title}: {len(chosen)} sentences", "", "| field | right | of | share |"]
    lines.append("| --- | ---: | ---: | ---: |")
    for key in FIELDS:
        relevant = [(c, got) for c, got in results if key in c.expected or key in got]
        right = sum(1 for c, got in relevant if c.expected.get(key) == got.get(key))
        if relevant:
            lines.append(f"| {key} | {right} | {len(relevant)} | {right / len(relevant):.1%} |")
    exact = sum(1 for c, got in results if c.expected == got)
    wrong = sum(1 for c, got in results if wrong_student(c, got))
    lines.append(f"| **whole record** | {exact} | {len(results)} | {exact / len(results):.1%} |")
    lines.append(f"| wrong student | {wrong} | {len(results)} | {wrong / len(results):.1%} |")
    return [*lines, ""]


def main() -> None:
    """Print the tables."""
    every = list(cases())
    sets = {
        "tuning (two thirds of sentences.yaml)": [c for c in every if not c.held_out],
        "held out (every third of sentences.yaml)": [c for c in every if c.held_out],
    }
    fresh = list(cases("fresh.yaml"))
    if fresh:
        sets["fresh (fresh.yaml, written after the reader, never tuned against)"] = fresh
    for title, chosen in sets.items():
        print("\n".join(report(title, chosen)))


if __name__ == "__main__":
    main()
