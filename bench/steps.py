"""Per question and typing: how long a person waits on the screen, vs a minimal Textual app.

Both programs run in an 80×24 pseudo-terminal (see `terminal.py`) and are timed by the same
code, from the moment a key is sent to the moment what it brings is on the terminal.

- Per question: the shipped tree's self-assessment walked from its first question to its
  last (31 questions, every kind), through the real `decisionaid run`. Each sample is one
  answering key (y/n, a digit, or the Enter after ticking or typing) until the next
  question's progress ("Question 12 of 31") and the start of its text are both drawn. The
  reference is a minimal Textual app that switches to a new screen of the same widgets (a
  section and progress line, the question, a hint, the same options in an OptionList or an
  Input, a message line, a footer with the same keys) for the same 31 questions, answered
  with the same keys. After each question both wait as a reader would before answering.
- Therapist intake: the same, with every answer saved (intake screenings always are).
- Typing: in the age question's number field, and in a minimal app's single Input with the
  same placeholder, the same keys: each sample is a digit typed after another ("4" then
  "7") until "47" is drawn. The target is one frame (1/60 s) more than the reference.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.terminal import BACKSPACE, ENTER, Terminal

RUNS = 3
READING = 0.15  # seconds a "reader" waits on each question before answering
FRAME = 1 / 60  # Textual draws at most 60 frames a second

REFERENCE = r"""
import json, sys
from textual.app import App
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static

STEPS = json.loads(open(sys.argv[1], encoding="utf-8").read())


class Question(Screen):
    BINDINGS = [
        Binding("escape", "app.bell", "Back"),
        Binding("f1", "app.bell", "Help"),
        Binding("f2", "app.bell", "Answers"),
        Binding("ctrl+n", "app.bell", "Start again"),
        *(Binding(key, "app.next", show=False) for key in "123456789yn"),
    ]

    def __init__(self, step):
        super().__init__()
        self.step = step

    def compose(self):
        step = self.step
        with Horizontal(id="top"):
            yield Static(step["section"], id="section")
            yield Static(step["progress"], id="progress")
        yield Static(step["text"])
        yield Static(step["hint"])
        if step["kind"] == "number":
            yield Input(placeholder=step["placeholder"])
        else:
            yield OptionList(*step["options"], markup=False)
        yield Static("")
        yield Footer()

    def on_option_list_option_selected(self):
        self.app.action_next()

    def on_input_submitted(self):
        self.app.action_next()


class Minimal(App):
    CSS = "#top { height: 1; } #section { width: 1fr; } #progress { width: auto; }"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit")]
    index = 0

    def on_mount(self):
        self.push_screen(Question(STEPS[0]))

    def action_next(self):
        self.index += 1
        if self.index < len(STEPS):
            self.switch_screen(Question(STEPS[self.index]))


Minimal().run()
"""

TYPING_REFERENCE = r"""
import sys
from textual.app import App
from textual.widgets import Input

class Minimal(App):
    def compose(self):
        yield Input(placeholder=sys.argv[1])

Minimal().run()
"""


@dataclass
class Step:
    """One question as shown, and the keys that answer it (the last one is timed)."""

    kind: str
    section: str
    progress: str
    text: str
    hint: str
    keys: list[str]
    options: list[str] = field(default_factory=list)
    placeholder: str = ""

    def marks(self) -> tuple[str, ...]:
        """What shows this whole question is on the terminal: its progress, its first words,
        and its answers (the first option's first words, or the number field's placeholder,
        which the hint above it also says after "from")."""
        answers = (
            rf"(?<!from ){re.escape(self.placeholder)}"
            if self.kind == "number"
            else re.escape(_start(self.options[0]))
        )
        return re.escape(self.progress), re.escape(_start(self.text)), answers


def _words(text: str) -> str:
    return " ".join(text.split())


def _start(text: str, size: int = 24) -> str:
    """The first words of `text`, short enough to be on its first line on any screen."""
    return text if len(text) <= size else text[:size].rsplit(" ", 1)[0]


def walk(intake: bool = False) -> list[Step]:
    """The shipped tree's questions in order, for the answers a benchmark gives (none of the
    warning signs, the first option of each choice, age 35 and the lowest other numbers)."""
    from decisionaid import open_tree
    from decisionaid.asking import progress_words, text_of
    from decisionaid.engine import Session
    from decisionaid.model import Question
    from decisionaid.tui.screens.question import hint_of

    session = Session(open_tree())
    steps = []
    while isinstance(session.current, Question):
        question = session.current
        value: object
        options: list[str] = []
        placeholder = ""
        match question.type:
            case "boolean":
                value, keys, options = False, ["n"], ["1. Yes", "2. No"]
            case "single":
                value, keys = question.options[0].value, ["1"]
                options = [f"{i}. {_words(o.label)}" for i, o in enumerate(question.options, 1)]
            case "multi":
                value, keys = [], ["0", ENTER]
                options = [f"[ ] {i}. {_words(o.label)}" for i, o in enumerate(question.options, 1)]
                options.append(f"[ ] 0. {_words(question.none_label or 'None of these')}")
            case _:
                value = 35 if question.id == "age" else question.min
                keys = [*str(value), ENTER]
                placeholder = f"{question.min} to {question.max}"
        steps.append(
            Step(
                kind="number" if question.type == "number" else "choice",
                section=question.section or "",
                progress=progress_words(session),
                text=text_of(question, intake),
                hint=hint_of(question),
                keys=keys,
                options=options,
                placeholder=placeholder,
            )
        )
        session.answer(value)
    return steps


def _answer_all(terminal: Terminal, steps: list[Step]) -> list[float]:
    """Answer every question on screen; seconds from each answering key to the next one."""
    waits = []
    for here, following in itertools.pairwise(steps):
        time.sleep(READING)
        for key in here.keys[:-1]:  # ticking or typing first, drawn before the answer
            terminal.press(key)
            terminal.settle()
        sent = terminal.press(here.keys[-1])
        waits.append(terminal.wait_for(*following.marks()) - sent)
        terminal.settle()
    return waits


def _env() -> dict[str, str]:
    data = tempfile.mkdtemp(prefix="decisionaid-bench-data-")
    return {**os.environ, "DECISIONAID_DATA_DIR": data}


MODES = {"self": ("1", []), "intake": ("2", ["--mode", "intake", "--reference", "bench"])}


def per_question(
    runs: int = RUNS, questions: int | None = None, modes: tuple[str, ...] = tuple(MODES)
) -> list[dict]:
    """Median wait from an answer to the next question, in each of `modes` (an intake saves
    every answer) and in the minimal app; alternately, `runs` walks of each."""
    from bench.scale import row

    walks = {mode: walk(intake=mode == "intake")[:questions] for mode in ("self", *modes)}
    script = Path(tempfile.mkdtemp(prefix="decisionaid-bench-steps-")) / "steps.json"
    script.write_text(json.dumps([asdict(s) for s in walks["self"]]), encoding="utf-8")
    waits: dict[str, list[float]] = {"reference": [], **{mode: [] for mode in modes}}
    for _ in range(runs):
        with Terminal([sys.executable, "-c", REFERENCE, str(script)], dict(os.environ)) as t:
            t.wait_for(*walks["self"][0].marks())
            waits["reference"] += _answer_all(t, walks["self"])
        for mode in modes:
            choose, options = MODES[mode]
            command = [sys.executable, "-m", "decisionaid", "run", *options]
            with Terminal(command, _env()) as t:
                t.wait_for("Self-assessment", "Therapist intake")
                t.press(choose)
                t.wait_for(*walks[mode][0].marks())
                t.settle()
                waits[mode] += _answer_all(t, walks[mode])
    reference = statistics.median(waits["reference"])
    rows = []
    if "self" in modes:
        rows.append(
            row(
                "per question: answer to the next question on screen vs a minimal Textual app",
                statistics.median(waits["self"]),
                reference,
                1.25,
            )
        )
    if "intake" in modes:
        rows.append(
            row(
                "per question, therapist intake (every answer saved) vs a minimal Textual app",
                statistics.median(waits["intake"]),
                reference,
                1.25,
            )
        )
    if "self" in modes and len(waits["self"]) >= 10:
        rows.append(
            row(
                "per question, slowest tenth (90th percentile) vs a minimal Textual app's",
                _percentile(waits["self"], 90),
                _percentile(waits["reference"], 90),
                None,
            )
        )
    return rows


def _percentile(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def _type_digits(terminal: Terminal, samples: int) -> list[float]:
    """Type 4, then 7 / backspace / 9 / backspace ...: seconds until "47" or "49" is drawn."""
    terminal.press("4")
    terminal.settle()
    waits = []
    for n in range(samples):
        digit = "79"[n % 2]
        sent = terminal.press(digit)
        waits.append(terminal.wait_for(rf"(?<![0-9])4{digit}(?![0-9])") - sent)
        terminal.settle()
        terminal.press(BACKSPACE)
        terminal.settle()
    return waits


def typing(runs: int = RUNS, samples: int = 10) -> list[dict]:
    """Median wait from a digit typed in the age field to the digit drawn, vs one Input."""
    steps = walk()
    age = next(i for i, s in enumerate(steps) if s.text == "How old are you?")
    waits: dict[str, list[float]] = {"reference": [], "ours": []}
    for _ in range(runs):
        argv = [sys.executable, "-c", TYPING_REFERENCE, steps[age].placeholder]
        with Terminal(argv, dict(os.environ)) as t:
            t.wait_for(re.escape(steps[age].placeholder))
            t.settle()
            waits["reference"] += _type_digits(t, samples)
        with Terminal([sys.executable, "-m", "decisionaid", "run"], _env()) as t:
            t.wait_for("Self-assessment", "Therapist intake")
            t.press("1")
            t.wait_for(*steps[0].marks())
            for here, following in itertools.pairwise(steps[: age + 1]):
                for key in here.keys:
                    t.settle()
                    t.press(key)
                t.wait_for(*following.marks())
            t.settle()
            waits["ours"] += _type_digits(t, samples)
    ours, reference = (statistics.median(waits[k]) for k in ("ours", "reference"))
    extra = ours - reference
    verdict = "met" if extra <= FRAME else "MISSED"
    return [
        {
            "name": "typing: a digit in the number field echoed vs a minimal app's Input",
            "value": (
                f"{ours * 1000:.3f} ms vs {reference * 1000:.3f} ms → {extra * 1000:+.1f} ms "
                f"(target ≤ +{FRAME * 1000:.1f} ms, one frame: {verdict})"
            ),
            "ratio": None,
            "target": None,
        }
    ]


def main() -> None:
    from bench.scale import line

    for r in [*per_question(), *typing()]:
        print(line(r))


if __name__ == "__main__":
    main()
