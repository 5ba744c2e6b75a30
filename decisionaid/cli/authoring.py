"""`decisionaid test` (a tree's worked cases, and their coverage) and `decisionaid diff`
(two versions of a tree: what changed in the text, and for which patients the result changes).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from decisionaid.cli.common import EXIT_BAD_INPUT, fail
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
    "tree", required=False, type=click.Path(path_type=Path, dir_okay=False), metavar="[TREE]"
)
@click.argument("cases", nargs=-1, type=click.Path(path_type=Path), metavar="[CASES]...")
@click.option("--coverage", is_flag=True, help="Also list what no case reaches.")
@click.option(
    "--min-coverage",
    type=click.FloatRange(0, 100),
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
        summary += f", {_plural(malformed, 'malformed case file')} ({len(problems)} problems)"
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
        lines += ["", "Not reached by any case", *_table(
            [("kind", "in", "item")] + [(i.kind, i.owner, i.label) for i in missing]
        )]
    else:
        lines += ["", "Every item is reached by at least one case."]
    return "\n".join(lines) + "\n"


def _table(rows: list[tuple[str, ...]], right: tuple[int, ...] = ()) -> list[str]:
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
def diff():
    """placeholder"""
