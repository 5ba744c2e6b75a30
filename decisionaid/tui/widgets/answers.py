"""Answer widgets, one per question type; each posts `Submitted` with a Python value.

They know nothing about the clinical content: the engine checks every value. Each can be
pointed at another question of its kind (`ask`), so one question screen serves a whole walk;
every message names the question it was posted for, so one that arrives after the question
changed is not taken for an answer to the new one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.message import Message
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from decisionaid.model import Question
from decisionaid.tui.bindings import either_case

if TYPE_CHECKING:
    from textual import getters

    from decisionaid.tui.app import DecisionAidApp

NONE = "__none_of_these__"


class Submitted(Message):
    """The person gave an answer to `question` (not yet checked by the engine)."""

    def __init__(self, value: Any, question: str) -> None:
        super().__init__()
        self.value = value
        self.question = question


class Refused(Message):
    """A key or a typed text was not an answer to `question`; `reason` says why, in words."""

    def __init__(self, reason: str, question: str) -> None:
        super().__init__()
        self.reason = reason
        self.question = question


def _label(number: str, text: str, clinical: str | None, intake: bool) -> Text:
    label = Text.assemble((f"{number}. ", "bold"), " ".join(text.split()))
    if intake and clinical:
        label.append(f"  [{clinical}]", style="italic")
    return label


def choice_keys(count: int) -> str:
    """The digits that choose one of `count` answers, in words: "1–5" (only 1–9 have keys)."""
    last = min(count, 9)
    return "1" if last == 1 else f"1–{last}"


class ChoiceList(OptionList):
    """Single choice: arrows and Enter, or a digit to choose at once (y/n for yes-no).

    A new question starts with nothing highlighted, so Enter alone answers nothing: a second
    press of Enter meant for the question before (a double press) must not answer this one
    unseen. Enter then says which keys answer. Going back to a question highlights the answer
    given before, as a checklist shows its ticks.
    """

    BINDINGS = either_case(
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
        Binding("y", "pick_value('true')", "Yes", show=False),
        Binding("n", "pick_value('false')", "No", show=False),
    )

    def __init__(self, question: Question | None, intake: bool, earlier: Any = None, **kwargs: Any):
        super().__init__(*self._offer(question, intake), **kwargs)
        self._highlight(earlier)

    def ask(self, question: Question, intake: bool, earlier: Any = None) -> None:
        """Offer the answers to `question` instead, `earlier` highlighted (else none)."""
        self.set_options(self._offer(question, intake))
        self._highlight(earlier)

    def _offer(self, question: Question | None, intake: bool) -> list[Option]:
        self.question = "" if question is None else question.id
        choices: list[tuple[str, str, str | None]]  # value, label, clinical term
        if question is None:  # kept ready for a question to come
            choices = []
        elif question.type == "boolean":
            choices = [("true", "Yes", None), ("false", "No", None)]
        else:
            choices = [(o.value, o.label, o.clinical) for o in question.options]
        self.values = [value for value, _, _ in choices]
        self.is_boolean = question is not None and question.type == "boolean"
        return [
            Option(_label(str(i), label, clinical, intake), id=value)
            for i, (value, label, clinical) in enumerate(choices, start=1)
        ]

    def _highlight(self, earlier: Any) -> None:
        wanted = str(earlier).lower() if self.is_boolean and earlier is not None else earlier
        self.highlighted = self.values.index(wanted) if wanted in self.values else None

    @property
    def how_to_answer(self) -> str:
        """Which keys answer, said when Enter is pressed with nothing highlighted."""
        digits = choice_keys(len(self.values))
        if self.is_boolean:
            return f"Press Y or N, or {digits}, to answer."
        return f"Press {digits} to answer, or move to an answer with the arrows, then Enter."

    def action_select(self) -> None:
        if self.highlighted is None:
            self.post_message(Refused(self.how_to_answer, self.question))
        else:
            super().action_select()

    def _value(self, raw: str) -> Any:
        return raw == "true" if self.is_boolean else raw

    def action_pick(self, number: int) -> None:
        if number <= len(self.values):
            self.highlighted = number - 1
            self.post_message(Submitted(self._value(self.values[number - 1]), self.question))
        elif self.is_boolean:
            self.post_message(
                Refused(f"There is no answer {number} here. Press y or n.", self.question)
            )
        else:
            self.post_message(
                Refused(
                    f"There is no answer {number} here. Press 1 to {len(self.values)}.",
                    self.question,
                )
            )

    def action_pick_value(self, raw: str) -> None:
        if self.is_boolean:
            self.action_pick(self.values.index(raw) + 1)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        assert event.option.id is not None
        self.post_message(Submitted(self._value(event.option.id), self.question))


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

        def __init__(self, question: str) -> None:
            super().__init__()
            self.question = question

    def __init__(self, question: Question | None, intake: bool, earlier: Any = None, **kwargs: Any):
        super().__init__(*self._offer(question, intake, earlier), **kwargs)

    def ask(self, question: Question, intake: bool, earlier: Any = None) -> None:
        """Offer the answers to `question` instead, ticked as `earlier` was given."""
        self.set_options(self._offer(question, intake, earlier))
        self.action_first()

    def _offer(self, question: Question | None, intake: bool, earlier: Any) -> list[Option]:
        self.question = "" if question is None else question.id
        if question is None:  # kept ready for a question to come
            self.values, self.labels, self.ticked = [], [], set()
            return []
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
        return [Option(self._prompt(i), id=v) for i, v in enumerate(self.values)]

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
                Refused(
                    f"There is no answer {number} here. Tick with 1 to {last}, or 0 for none.",
                    self.question,
                )
            )

    def action_submit(self) -> None:
        chosen = self.selected
        if not chosen:
            self.post_message(self.Empty(self.question))
        elif NONE in chosen:
            self.post_message(Submitted([], self.question))
        else:
            self.post_message(Submitted(chosen, self.question))

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

    if TYPE_CHECKING:  # shown only on the app's question screen (see screens/base.py)
        app = getters.app(DecisionAidApp)

    def __init__(self, question: Question | None, check, earlier: Any = None, **kwargs: Any):
        self.question = "" if question is None else question.id  # None: kept ready
        self.answered = False
        super().__init__(
            value="" if earlier is None else str(earlier),
            placeholder="" if question is None else f"{question.min} to {question.max}",
            validators=[] if question is None else [WholeNumber(question, check)],
            validate_on=["changed", "submitted"],
            **kwargs,
        )

    def ask(self, question: Question, check, earlier: Any = None) -> None:
        """Take a number for `question` instead: empty, or `earlier` as given before (checked
        at once, as a new field holding it would be)."""
        self.question = question.id
        self.answered = False
        self.placeholder = f"{question.min} to {question.max}"
        self.validators = [WholeNumber(question, check)]
        text = "" if earlier is None else str(earlier)
        with self.prevent(Input.Changed):
            self.value = text
        self.cursor_position = len(text)
        if text:
            self.post_message(self.Changed(self, text, self.validate(text)))
        else:
            self.remove_class("-invalid", "-valid")  # nothing typed yet: nothing wrong

    def on_mount(self) -> None:
        # A blinking cursor is not needed to read anything, and would make snapshots flaky.
        if self.app.is_headless:
            self.cursor_blink = False

    async def _on_key(self, event: events.Key) -> None:
        if self.answered or self.app.typed_on_another_view(event):
            # Typed after this question was answered, before the next one was shown: it was
            # meant for a question the person has not seen, so it is not typed in anywhere.
            event.stop()
            event.prevent_default()
            self.app.key_not_used()
        elif event.key == "enter":
            # The field's own keys are acted on here, in turn with the typing. As bindings
            # they would act only when the key came back up to the app, after the keys
            # typed behind them had gone into the field: 4, Enter, 0 typed quickly answered
            # 40, and Backspace, 4, 0 gave 4 (the two digits, then the deletion).
            event.stop()
            event.prevent_default()
            self.give(self.value)
        elif not event.is_printable:
            found = self.screen.active_bindings.get(event.key)
            if found is not None and found.node is self and found.enabled:
                event.stop()
                event.prevent_default()
                await self.app.run_action(found.binding.action, self)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.give(event.value)

    def give(self, text: str) -> None:
        """Answer with `text` if it is a number in range, else say what to type instead."""
        result = self.validate(text)
        if result is None:
            return  # no question yet (a field kept ready)
        if result.is_valid:
            self.answered = True  # until the app gives this field a question again (ask)
            self.post_message(Submitted(int(text), self.question))
        else:
            self.post_message(Refused(result.failure_descriptions[0], self.question))


class Continue(Button):
    """Go on from an information page (`page`, the one it is shown for)."""

    def __init__(self, page: str, **kwargs: Any):
        super().__init__("Continue", variant="primary", **kwargs)
        self.page = page
