"""Two versions of a tree compared: what changed in the text (`changes.py`) and what changed
for patients (answer sets from `generate.py`, walked on both trees by `patients.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from decisionaid.authoring.changes import Change, tree_changes
from decisionaid.authoring.generate import generate
from decisionaid.authoring.patients import PatientDiff, compare
from decisionaid.authoring.space import Answers
from decisionaid.graph import CompiledTree


@dataclass
class Diff:
    old: CompiledTree
    new: CompiledTree
    old_name: str  # the file each came from, as given
    new_name: str
    changes: list[Change]
    patients: PatientDiff


def diff(
    old: CompiledTree,
    new: CompiledTree,
    old_name: str,
    new_name: str,
    samples: int = 10_000,
    seed: int = 0,
    baseline: Answers | None = None,
) -> Diff:
    generated = generate([old, new], samples=samples, seed=seed, baseline=baseline)
    return Diff(
        old,
        new,
        old_name,
        new_name,
        tree_changes(old.tree, new.tree),
        compare(old, new, generated),
    )
