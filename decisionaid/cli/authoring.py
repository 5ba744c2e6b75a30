"""`decisionaid test` (a tree's worked cases, and their coverage) and `decisionaid diff`
(two versions of a tree: what changed in the text, and for which patients the result changes).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from decisionaid.cli.common import EXIT_BAD_INPUT, InputFile, Number, fail
from decisionaid.errors import TreeError

EXIT_FAILED = 1


def _open(path: Path):
    from decisionaid import open_tree

    try:
        return open_tree(path)
    except TreeError as exc:
        fail(str(exc))


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


# --- test ----------------------------------------------------------------------------------


@click.command("test")
@click.argument(
    "tree",
    required=False,
    type=InputFile("give a tree file, or leave it out for the shipped tree"),
    metavar="[TREE]",
)
@click.argument("cases", nargs=-1, type=click.Path(path_type=Path), metavar="[CASES]...")
@click.option("--coverage", is_flag=True, help="Also list what no case reaches.")
@click.option(
    "--min-coverage",
    type=Number(0, 100),
    default=None,
    metavar="N",
    help="Fail (exit 1) when the cases reach less than N% of the items (implies --coverage).",
)
def test(tree: Path | None, cases: tuple[Path, ...], coverage: bool, min_coverage: float | None):
    """Run a tree's worked cases (the shipped tree by default).

    CASES are case files or folders of them; by default the folder `<tree stem>/cases/`
    beside the tree (trees/migraine/cases/ for trees/migraine.yaml). Each case is YAML:
    name, description, answers and expect (any part of the result contract; lists compare
    as sets).

    Exit status 0 when every case passes, 1 when any fails (or coverage is below
    --min-coverage), 2 when a case file is malformed (each problem names file, line, column).
    """
    from decisionaid.authoring import cases as casefiles
    from decisionaid.authoring.coverage import Coverage
    from decisionaid.shipped import default_tree

    tree_path = tree or default_tree()
    flow = _open(tree_path)
    try:
        paths = casefiles.find(cases or (casefiles.default_folder(tree_path),))
    except casefiles.CaseError as exc:
        fail(f"{exc}\nno cases to run for {tree_path}")
    found, problems = casefiles.read_all(paths)
    runs = []
    for case in found:
        done, wrong = casefiles.check(case, flow)
        problems.extend(wrong)
        if done is not None:
            runs.append(casefiles.run(case, done))
    for problem in problems:
        click.echo(str(problem), err=True)
    width = max((len(r.case.name) for r in runs), default=0)
    for ran in runs:
        mark = "pass" if ran.passed else "FAIL"
        click.echo(f"{mark}  {ran.case.name:<{width}}  {ran.case.file}")
        for difference in ran.differences:
            click.echo(f"      {difference}")
    failed = sum(not r.passed for r in runs)
    malformed = len(paths) - len(runs)
    summary = (
        f"{_plural(len(paths), 'case')} on tree '{flow.tree.id}' {flow.tree.version}: "
        f"{len(runs) - failed:,} passed, {failed:,} failed"
    )
    if malformed:
        summary += (
            f", {_plural(malformed, 'malformed case file')} ({_plural(len(problems), 'problem')})"
        )
    status = EXIT_BAD_INPUT if malformed else EXIT_FAILED if failed else 0
    if coverage or min_coverage is not None:
        reached = Coverage(flow)
        for ran in runs:
            reached.add(ran.walk, ran.case.name)
        click.echo(_coverage_table(reached))
        summary += f"; coverage {reached.percent:.1f}%"
        if min_coverage is not None and reached.percent < min_coverage:
            summary += f", below the minimum of {min_coverage:g}%"
            status = status or EXIT_FAILED
    click.echo(summary)
    sys.exit(status)


def _coverage_table(reached) -> str:
    from decisionaid.authoring.coverage import KINDS

    rows = [("kind", "reached", "of", "%")]
    for kind in KINDS:
        done, total = reached.count(kind)
        if total:
            rows.append((kind + "s", str(done), str(total), f"{100 * done / total:.0f}"))
    done, total = reached.count()
    rows.append(("all", str(done), str(total), f"{reached.percent:.1f}"))
    lines = ["", "Coverage", *_table(rows, right=(1, 2, 3))]
    missing = reached.missing()
    if missing:
        lines += [
            "",
            "Not reached by any case",
            *_table([("kind", "in", "item")] + [(i.kind, i.owner, i.label) for i in missing]),
        ]
    else:
        lines += ["", "Every item is reached by at least one case."]
    return "\n".join(lines) + "\n"


def _table(rows: Sequence[tuple[str, ...]], right: tuple[int, ...] = ()) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  " + "  ".join(cells).rstrip())
    return out


@click.command("diff")
@click.argument("old", type=InputFile("give the tree file to compare from"))
@click.argument("new", type=InputFile("give the tree file to compare with"))
@click.option(
    "--samples",
    type=click.IntRange(0, 1_000_000),
    default=10_000,
    show_default=True,
    help="Random answer sets, besides those made to reach every edge and boundary.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random sample.")
@click.option(
    "--baseline",
    "baseline_path",
    type=InputFile("give an answers file, or leave the option out"),
    default=None,
    help="An answers file: the person examples are told as changes from (default: chosen "
    "from the trees, a calm walk as long as any).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
)
def diff(old: Path, new: Path, samples: int, seed: int, baseline_path: Path | None, fmt: str):
    """Compare two versions of a tree: what changed in the text, and for which patients the
    result changes.

    Both trees walk the same answer sets: a baseline, sets made to reach every edge, answer
    option and number boundary (c - 1, c, c + 1) of either tree, and a seeded random sample.
    Sets whose result differs are grouped by (recommendation, urgency, outcome) before and
    after, each group with a count, the fields that changed and its smallest example.

    Exit status 0 when no answer set gets a different result, 1 when some do, 2 for a tree
    or baseline file that cannot be used.
    """
    from decisionaid.authoring.diff import diff as compare_trees
    from decisionaid.authoring.render import render

    before, after = _open(old), _open(new)
    baseline = None
    if baseline_path is not None:
        baseline = _baseline(baseline_path, before, after)
    result = compare_trees(before, after, str(old), str(new), samples, seed, baseline)
    click.echo(render(result, fmt), nl=False)
    sys.exit(EXIT_FAILED if result.patients.groups else 0)


def _baseline(path: Path, *flows) -> dict:
    """A baseline answers file, each answer checked against its question in either tree."""
    from decisionaid import answers
    from decisionaid.engine import coerce
    from decisionaid.errors import AnswerError, DecisionAidError

    try:
        file = answers.read(path)
    except DecisionAidError as exc:
        fail(str(exc))
    for question, value in file.answers.items():
        nodes = [f.tree.questions()[question] for f in flows if question in f.tree.questions()]
        if not nodes:
            fail(f"{file.where(question) or path}: '{question}' is not a question of either tree")
        problems = []
        for node in nodes:
            try:
                coerce(node, value)
            except AnswerError as exc:
                problems.append(exc)
        if len(problems) == len(nodes):
            fail(f"{file.where(question) or path}: {problems[0]}")
    return file.answers
