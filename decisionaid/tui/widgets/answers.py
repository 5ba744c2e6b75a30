"""Answer widgets, one per question type; each posts `Submitted` with a Python value.

They know nothing about the clinical content: the engine checks every value.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from decisionaid.model import Question

NONE = "__none_of_these__"


class Submitted(Message):
    """The person gave an answer (not yet checked by the engine)."""

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value


class Refused(Message):
    """A key or a typed text was not an answer; `reason` says why, in words."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


def _label(number: str, text: str, clinical: str | None, intake: bool) -> Text:
    label = Text.assemble((f"{number}. ", "bold"), " ".join(text.split()))
    if intake and clinical:
        label.append(f"  [{clinical}]", style="italic")
    return label


class ChoiceList(OptionList):
    """Single choice: arrows and Enter, or a digit to choose at once (y/n for yes-no)."""

    BINDINGS = [
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
        Binding("y", "pick_value('true')", "Yes", show=False),
        Binding("n", "pick_value('false')", "No", show=False),
    ]

    def __init__(self, question: Question, intake: bool, earlier: Any = None, **kwargs: Any):
        if question.type == "boolean":
            choices = [("true", "Yes", None), ("false", "No", None)]
        else:
            choices = [(o.value, o.label, o.clinical) for o in question.options]
        self.values = [value for value, _, _ in choices]
        self.is_boolean = question.type == "boolean"
        options = [
            Option(_label(str(i), label, clinical, intake), id=value)
            for i, (value, label, clinical) in enumerate(choices, start=1)
        ]
        super().__init__(*options, **kwargs)
        if earlier is not None:
            wanted = str(earlier).lower() if self.is_boolean else earlier
            if wanted in self.values:
                self.highlighted = self.values.index(wanted)

    def _value(self, raw: str) -> Any:
        return raw == "true" if self.is_boolean else raw

    def action_pick(self, number: int) -> None:
        if number <= len(self.values):
            self.highlighted = number - 1
            self.post_message(Submitted(self._value(self.values[number - 1])))
        elif self.is_boolean:
            self.post_message(Refused(f"There is no answer {number} here. Press y or n."))
        else:
            self.post_message(
                Refused(f"There is no answer {number} here. Press 1 to {len(self.values)}.")
            )

    def action_pick_value(self, raw: str) -> None:
        if self.is_boolean:
            self.action_pick(self.values.index(raw) + 1)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        assert event.option.id is not None
        self.post_message(Submitted(self._value(event.option.id)))


class Checklist(OptionList):
    """Multiple choice: Space or a digit ticks, 0 ticks "none of these", Enter continues.

    Enter with nothing ticked does not continue: "none of these" must be chosen explicitly,
    so a stray Enter can never skip a red-flag checklist. The tick boxes are drawn in the
    option text, so long answers wrap cleanly under their box.
    """

    BINDINGS = [
        Binding("space", "toggle_highlighted", "Tick", show=False),
        Binding("enter", "submit", "Continue", show=False),
        *(Binding(str(n), f"tick({n})", show=False) for n in range(10)),
    ]

    class Empty(Message):
        """Enter was pressed with nothing ticked."""

    def __init__(self, question: Question, intake: bool, earlier: Any = None, **kwargs: Any):
        self.values = [o.value for o in question.options] + [NONE]
        none_label = question.none_label or "None of these"
        self.labels = [
            (str(i), o.label, o.clinical) for i, o in enumerate(question.options, start=1)
        ] + [("0", none_label, None)]
        self.intake = intake
        if isinstance(earlier, list):
            self.ticked = set(earlier) if earlier else {NONE}
        else:
            self.ticked = set()
        super().__init__(
            *(Option(self._prompt(i), id=v) for i, v in enumerate(self.values)), **kwargs
        )

    @property
    def selected(self) -> list[str]:
        return [v for v in self.values if v in self.ticked]

    def _prompt(self, index: int) -> Text:
        number, label, clinical = self.labels[index]
        box = "[x] " if self.values[index] in self.ticked else "[ ] "
        return Text.assemble((box, "bold"), _label(number, label, clinical, self.intake))

    def toggle(self, value: str) -> None:
        """Tick or untick; "none of these" and the other answers exclude each other."""
        if value in self.ticked:
            self.ticked.discard(value)
        elif value == NONE:
            self.ticked = {NONE}
        else:
            self.ticked.discard(NONE)
            self.ticked.add(value)
        for index in range(len(self.values)):
            self.replace_option_prompt_at_index(index, self._prompt(index))
        self.post_message(self.Toggled(value, value in self.ticked))

    class Toggled(Message):
        def __init__(self, value: str, ticked: bool) -> None:
            super().__init__()
            self.value = value
            self.ticked = ticked

    def action_toggle_highlighted(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.values[self.highlighted])

    def action_tick(self, number: int) -> None:
        index = len(self.values) - 1 if number == 0 else number - 1
        if index < len(self.values) - (number != 0):
            self.highlighted = index
            self.toggle(self.values[index])
        else:
            last = len(self.values) - 1
            self.post_message(
                Refused(f"There is no answer {number} here. Tick with 1 to {last}, or 0 for none.")
            )

    def action_submit(self) -> None:
        chosen = self.selected
        if not chosen:
            self.post_message(self.Empty())
        elif NONE in chosen:
            self.post_message(Submitted([]))
        else:
            self.post_message(Submitted(chosen))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        """A mouse click ticks (Enter is bound to continue, so only clicks arrive here)."""
        event.stop()
        assert event.option.id is not None
        self.toggle(event.option.id)


class WholeNumber(Validator):
    """A typed whole number in range, then the engine's checks against other answers.

    The words are the same as plain mode's (`asking.number_problem`); the engine's checks
    speak in the tree's own messages.
    """

    def __init__(self, question: Question, check) -> None:
        super().__init__()
        self.question = question
        self.check = check

    def validate(self, value: str) -> ValidationResult:
        from decisionaid.asking import number_problem
        from decisionaid.errors import AnswerError

        problem = number_problem(self.question, value)
        if problem is not None:
            return self.failure(problem)
        try:
            self.check(int(value))
        except AnswerError as exc:
            return self.failure(exc.sentence)
        return self.success()


class NumberInput(Input):
    """A whole number, checked as it is typed; Enter submits a valid one.

    Every character typed stays as typed: a decimal point, a dash or a letter is not dropped
    (which would turn 2.5 into 25) but shown, with a message saying what to type instead.
    """

    def __init__(self, question: Question, check, earlier: Any = None, **kwargs: Any):
        super().__init__(
            value="" if earlier is None else str(earlier),
            placeholder=f"{question.min} to {question.max}",
            validators=[WholeNumber(question, check)],
            validate_on=["changed", "submitted"],
            **kwargs,
        )

    def on_mount(self) -> None:
        # A blinking cursor is not needed to read anything, and would make snapshots flaky.
        if self.app.is_headless:
            self.cursor_blink = False

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        result = event.validation_result
        if result is not None and result.is_valid:
            self.post_message(Submitted(int(event.value)))
        elif result is not None:
            self.post_message(Refused(result.failure_descriptions[0]))
