"""The command line (click): run, assess, history, validate, graph, stats, schema, export.

This is the one place where user errors are caught: each prints what is wrong and where, and
exits with status 2. Heavy imports (Textual above all) happen inside the commands that need them.
"""

from __future__ import annotations

import gc
import importlib
import json
import math
import sys
from pathlib import Path
from typing import Any

import click

from decisionaid.cli.common import (
    DATA_DIR,
    DATABASE,
    EXIT_BAD_INPUT,
    KIOSK,
    PAUSE,
    InputFile,
    check_folder_variables,
    output_option,
    write_output,
)
from decisionaid.cli.common import fail as _fail
from decisionaid.errors import AnswerError, DecisionAidError, TreeError
from decisionaid.safetext import printable, visible

TREE = click.argument(
    "tree",
    required=False,
    type=InputFile("give a tree file, or leave it out for the shipped tree"),
    metavar="[TREE]",
)


def _open(tree: Path | None):
    from decisionaid import open_tree

    try:
        return open_tree(tree)
    except TreeError as exc:
        _fail(str(exc))


class Commands(click.Group):
    """The commands; those kept in their own modules are imported only when they are used,
    so that `decisionaid run` does not wait for the history and authoring code to load."""

    ELSEWHERE = {
        "history": "decisionaid.cli.history",
        "test": "decisionaid.cli.authoring",
        "diff": "decisionaid.cli.authoring",
        "serve": "decisionaid.cli.serve",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.ELSEWHERE])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.ELSEWHERE:
            return getattr(importlib.import_module(self.ELSEWHERE[name]), name)
        return super().get_command(ctx, name)


@click.group(
    cls=Commands,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="decisionaid")
@click.pass_context
def main(ctx: click.Context) -> None:
    """A decision aid for headaches and migraines: red flags first, then whether dry needling,
    massage or a doctor visit fits, and why.

    With no command, opens the interactive aid on the shipped migraine tree.
    """
    check_folder_variables()
    if ctx.invoked_subcommand is None:
        ctx.invoke(run)


@main.command()
@TREE
@click.option(
    "--answers",
    "answers_path",
    type=InputFile("give an answers file, or leave the option out"),
    help="Pre-fill answers from a file (YAML or JSON) and continue from there.",
)
@click.option(
    "--plain",
    is_flag=True,
    help="Ask line by line on standard input and output "
    "(for screen readers and scripts; automatic when output is not a terminal).",
)
@click.option(
    "--mode",
    type=click.Choice(["self", "intake"]),
    default=None,
    help="Self-assessment (plain words) or therapist intake (clinical terms too).",
)
@DATA_DIR
@DATABASE
@click.option(
    "--save/--no-save",
    default=None,
    help="Self-assessment: keep the screening (or not) without being asked. "
    "Intake screenings are always kept.",
)
@click.option(
    "--reference",
    default=None,
    help="Intake: the patient reference (any label). Needs --mode intake, except on screen, "
    "where it is used if intake is chosen on the welcome screen.",
)
@click.option(
    "--clinician",
    default=None,
    help="Intake: the clinician's name (optional); also who the audit trail records "
    "(default: $DECISIONAID_CLINICIAN, else your login name).",
)
@KIOSK
@PAUSE
@click.option("--web", is_flag=True, hidden=True, help="Run inside `serve` (a browser tab).")
def run(
    tree: Path | None,
    answers_path: Path | None,
    plain: bool,
    mode: str | None,
    data_dir: Path | None,
    database: str | None,
    save: bool | None,
    reference: str | None,
    clinician: str | None,
    kiosk: bool,
    pause: float | None,
    web: bool,
) -> None:
    """Walk through a tree interactively (the shipped migraine tree by default).

    Screenings are saved after every answer (intake always; self-assessment when you agree),
    and an unfinished one is offered for resuming at the next start.
    """
    from decisionaid.shipped import default_tree

    # Inside `serve`, standard input and output are pipes to the browser, not a person typing.
    on_screen = web or (sys.stdout.isatty() and sys.stdin.isatty())
    if pause is not None and not kiosk:
        _fail("--pause is for the waiting-room tablet: use it with --kiosk")
    if kiosk:
        _kiosk_allows(
            answers=answers_path,
            plain=plain,
            mode=mode == "intake",
            no_save=save is False,
            reference=reference,
            clinician=clinician,
        )
        save = True
    if reference is not None and mode != "intake" and (mode == "self" or plain or not on_screen):
        _fail(
            "--reference is for an intake screening: add --mode intake "
            f"(this one is a self-assessment{', line by line' if mode is None else ''})"
        )
    prefill: dict[str, Any] = {}
    if answers_path is not None:
        prefill = _read_answers(answers_path).answers
    saving_wanted = save is not False or mode == "intake"
    # The audit trail names who acted: on the tablet, the tablet itself.
    actor = "waiting-room kiosk" if kiosk else clinician

    def open_store():
        from decisionaid.screenings.store import Store

        return Store.open(data_dir, database=database, actor=actor)

    if kiosk and not on_screen:
        _fail(
            "--kiosk needs a screen: a terminal, or a browser through `decisionaid serve --kiosk`"
        )
    if plain or not on_screen:
        from decisionaid.cli.plain import Saving, run_plain
        from decisionaid.screenings.store import StoreError

        saving = None
        if saving_wanted:
            try:
                saving = Saving(open_store(), save, reference, clinician, tree)
            except StoreError as exc:
                click.echo(f"Saving is off: {exc}", err=True)
        try:
            sys.exit(run_plain(_open(tree), prefill, mode, saving=saving))
        except KeyboardInterrupt:
            click.echo("\nStopped. Answers given so far are kept if saving was on.", err=True)
            sys.exit(130)
    # Python's cyclic garbage collector would walk the interface's objects again and again
    # while they are made; nothing made before the first paint is garbage worth collecting,
    # so it waits until then (the app turns it back on: DecisionAidApp._after_first_paint).
    gc.disable()
    from decisionaid.tui.app import make_app

    # The app draws its welcome screen first; then it opens the screenings store, and loads
    # and checks the tree. A bad tree ends the app with status 2 and the located error
    # printed.
    app = make_app(
        tree or default_tree(),
        prefill=prefill,
        mode=mode,
        open_store=open_store if saving_wanted else None,
        consent=save,
        reference=reference,
        clinician=clinician,
        kiosk=kiosk,
        pause=pause,
    )
    app.run()
    if app.store_problem:  # said on the welcome screen too; this stays after the app
        click.echo(f"Saving is off: {app.store_problem}", err=True)
    sys.exit(app.return_code or 0)


def _kiosk_allows(**given: object) -> None:
    """--kiosk is for patients in the waiting room: refuse what would undo that, by name."""
    refused = [name.replace("_", "-") for name, value in given.items() if value]
    if refused:
        names = ", ".join(f"--{name}" for name in refused).replace("--mode", "--mode intake")
        _fail(
            f"--kiosk cannot be combined with {names}: the waiting-room tablet asks patients "
            "about themselves, on screen, and always keeps their answers for the clinic"
        )


def _read_answers(path: Path, piped: bool = False):
    """The answers file at `path`; with `piped`, `-` is standard input (`assess` only: the
    interface and plain mode read the person's keys from there)."""
    from decisionaid import answers

    if str(path) == "-" and not piped:
        _fail("--answers - (standard input) is for `decisionaid assess`; give an answers file")
    try:
        return answers.read_stream(sys.stdin.buffer) if str(path) == "-" else answers.read(path)
    except DecisionAidError as exc:
        _fail(str(exc))


def _walk(flow, given: dict[str, Any]):
    """Walk from the start with the given answers to the end (AnswerError names the gap)."""
    from decisionaid.engine import Session, allowed
    from decisionaid.model import Question

    session = Session(flow)
    session.fill(given)
    question = session.current
    if isinstance(question, Question):  # fill goes past information pages: a question stops it
        raise AnswerError(question.id, "this answer is needed but missing", allowed(question))
    return session


def _text(session, mode: str) -> str:
    """A result as plain text, laid out as the line-by-line mode shows it (not saved)."""
    from decisionaid.exports import text
    from decisionaid.layout import page
    from decisionaid.screenings.recording import snapshot

    return text.render(page(snapshot(session, mode=mode)))


@main.command()
@TREE
@click.option(
    "--answers",
    "answers_path",
    type=InputFile("give an answers file"),
    help="A YAML or JSON file mapping question ids to answers (or - for standard input: "
    "JSON when it starts with {, YAML otherwise).",
)
@click.option(
    "--batch",
    "batch_path",
    type=click.File("rb"),
    help="A JSON Lines file (or - for standard input): one answers object per line.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True
)
@click.option(
    "--mode",
    type=click.Choice(["self", "intake"]),
    default="self",
    show_default=True,
    help="Whose words the text format uses: the person's, or the therapist's (clinical).",
)
def assess(tree: Path | None, answers_path: Path | None, batch_path, fmt: str, mode: str) -> None:
    """Walk a tree without a screen, from an answers file or a batch of them.

    Exit status 2 when the answers are incomplete or invalid (in a batch: when any line is;
    its error is written in place of its result and the other lines still run).
    """
    if (answers_path is None) == (batch_path is None):
        _fail("give exactly one of --answers FILE or --batch FILE")
    flow = _open(tree)
    if answers_path is None:
        sys.exit(_assess_batch(flow, batch_path, fmt, mode))
    file = _read_answers(answers_path, piped=True)
    unknown = [q for q in file.answers if q not in flow.tree.nodes]
    for question in unknown:
        click.echo(
            f"note: '{visible(question)}' is not a question in this tree; it is ignored", err=True
        )
    try:
        session = _walk(flow, file.answers)
    except AnswerError as exc:
        where = file.where(exc.question)
        _fail(f"{where or file.file}: {exc}")
    if fmt == "json":
        click.echo(json.dumps(session.result().contract(), indent=2, ensure_ascii=False))
    else:
        click.echo(printable(_text(session, mode)), nl=False)


def _assess_batch(flow, stream, fmt: str, mode: str) -> int:
    """Each line on its own: a line that is not UTF-8, not JSON, too deep, too long or not
    valid answers is an error for that line only, and the lines around it still run (after a
    line with no end in sight there are none)."""
    from decisionaid.answers import BadJSON, LineTooLong, batch_lines, parse_json, unwrap
    from decisionaid.errors import AnswersFileError

    status = 0
    for number, raw in batch_lines(stream):
        if isinstance(raw, LineTooLong):
            status = EXIT_BAD_INPUT
            _batch_error(number, str(raw), fmt)
            continue
        try:
            line = raw.decode("utf-8")
            if not line.strip():
                continue
            data = unwrap(parse_json(line))
            if not isinstance(data, dict):
                raise ValueError("a line must be a JSON object of question id to answer")
            session = _walk(flow, data)
        except UnicodeDecodeError as exc:
            status = EXIT_BAD_INPUT
            _batch_error(
                number,
                f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})",
                fmt,
            )
            continue
        except BadJSON as exc:  # the line is the record: say only the column
            status = EXIT_BAD_INPUT
            where = f" (column {exc.column})" if exc.column else ""
            _batch_error(number, exc.message + where, fmt)
            continue
        except (ValueError, AnswerError, AnswersFileError) as exc:
            status = EXIT_BAD_INPUT
            _batch_error(number, str(exc), fmt)
            continue
        if fmt == "json":
            click.echo(json.dumps(session.result().contract(), ensure_ascii=False))
        else:
            text = printable(_text(session, mode))
            click.echo(f"--- case {number}\n{text}")
    return status


def _batch_error(number: int, problem: str, fmt: str) -> None:
    """A bad line's error, in place of its result and on standard error."""
    message = visible(f"line {number}: {problem}")
    if fmt == "json":
        click.echo(json.dumps({"line": number, "error": problem}, ensure_ascii=False))
    else:
        click.echo(f"--- case {number}: error\n{message}\n")
    click.echo(message, err=True)


@main.command()
@click.argument("trees", nargs=-1, type=InputFile("give a tree file"))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(trees: tuple[Path, ...], strict: bool) -> None:
    """Check tree files; every problem names its file, line, column and node.

    Exit status 0 when valid, 2 when any tree has errors (or warnings, with --strict).
    """
    from decisionaid import paused_gc
    from decisionaid.graph import compile_tree
    from decisionaid.loader import load_tree
    from decisionaid.shipped import default_tree

    status = 0
    for path in trees or (default_tree(),):
        try:
            with paused_gc():
                flow = compile_tree(*load_tree(path))
        except TreeError as exc:
            click.echo(str(exc), err=True)
            errors = sum(p.severity == "error" for p in exc.problems)
            click.echo(f"{path}: invalid ({errors} error{'s' * (errors != 1)})", err=True)
            status = EXIT_BAD_INPUT
            continue
        for warning in flow.warnings:
            click.echo(str(warning), err=True)
        count = len(flow.warnings)
        nodes = flow.graph.number_of_nodes()
        click.echo(
            f"{path}: ok — tree '{flow.tree.id}' {flow.tree.version}, {nodes} nodes, "
            f"{count} warning{'s' * (count != 1)}"
        )
        if strict and count:
            status = EXIT_BAD_INPUT
    sys.exit(status)


@main.command()
@TREE
@click.option(
    "--format", "fmt", type=click.Choice(["mermaid", "dot"]), default="mermaid", show_default=True
)
def graph(tree: Path | None, fmt: str) -> None:
    """Draw a tree as a Mermaid flowchart or Graphviz DOT."""
    from decisionaid.exports import draw

    flow = _open(tree)
    click.echo(draw.mermaid(flow.graph) if fmt == "mermaid" else draw.dot(flow.graph), nl=False)


@main.command()
@TREE
def stats(tree: Path | None) -> None:
    """Counts, number of distinct walks, and the shortest and longest walk."""
    from decisionaid.graph.analysis import depth, path_count

    flow = _open(tree)
    kinds: dict[str, int] = {}
    for _, kind in flow.graph.nodes(data="kind"):
        kinds[kind] = kinds.get(kind, 0) + 1
    low, high = flow.remaining[flow.tree.start]
    rows = [
        ("tree", f"{flow.tree.id} {flow.tree.version}"),
        ("nodes", str(flow.graph.number_of_nodes())),
        *((f"  {k}s", str(kinds.get(k, 0))) for k in ("question", "info", "route", "outcome")),
        ("edges", str(flow.graph.number_of_edges())),
        ("facts", str(len(flow.tree.facts))),
        ("scores", str(len(flow.tree.scores))),
        ("sources", str(len(flow.tree.sources))),
        ("distinct walks", _count(path_count(flow.graph, flow.tree.start))),
        ("shortest walk", _plural(low, "question")),
        ("longest walk", _plural(high, "question")),
        ("deepest walk", f"{depth(flow.graph)} nodes"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        click.echo(f"{key:<{width}}  {value}")


def _count(number: int) -> str:
    """A count as digits, or as a power of ten when the digits would fill the screen (and
    Python refuses to print integers of more than 4,300 digits)."""
    if number < 10**15:
        return f"{number:,}"
    exponent = math.floor(math.log10(number))
    mantissa = round(10 ** (math.log10(number) - exponent), 1)
    if mantissa >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"about {mantissa:.1f} × 10^{exponent:,}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


@main.command()
@click.option(
    "--fragment",
    is_flag=True,
    help="The schema of a file pulled in with `include` (nodes, facts, scores, sources).",
)
def schema(fragment: bool) -> None:
    """Print the JSON Schema of the tree file format (for editors and other tools)."""
    from decisionaid.model import json_schema

    click.echo(json.dumps(json_schema(fragment), indent=2, ensure_ascii=False))


@main.command("export-questionnaire")
@TREE
@output_option("Write to this file, or - for standard output (the default).")
def export_questionnaire(tree: Path | None, output: Path | None, force: bool) -> None:
    """Write a tree as a FHIR R4 Questionnaire (JSON), to pair with exported screenings."""
    from decisionaid.exports.fhir import questionnaire_json

    write_output(output or Path("-"), questionnaire_json(_open(tree)), force)
