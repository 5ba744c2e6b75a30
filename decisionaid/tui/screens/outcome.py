"""The end of the walk: a full-screen emergency, or the result with its reasons."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from decisionaid.explain import Explanation, explain
from decisionaid.result import Result
from decisionaid.words import STATUS_WORDS


def _bullets(items: list[str]) -> str:
    return "\n".join(f" • {escape(item)}" for item in items)


class OutcomeScreen(Screen):
    """Shared keys and layout of both result screens."""

    BINDINGS = [
        Binding("escape,b", "app.back", "Back"),
        Binding("f2,r", "app.review", "Answers"),
        Binding("n", "app.restart", "New screening"),
        Binding("s", "app.save_report", "Save report"),
        Binding("f1", "app.help", "Help"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, tree, result: Result, intake: bool) -> None:
        super().__init__()
        self.decision_tree = tree
        self.outcome_result = result
        self.words: Explanation = explain(tree, result)
        self.intake = intake

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()


class EmergencyScreen(OutcomeScreen):
    """Shown the moment an emergency answer is given: what to do now, nothing else first."""

    def compose(self) -> ComposeResult:
        w = self.words
        with VerticalScroll(id="emergency"):
            yield Static(escape(w.title.upper()), id="emergency-title")
            yield Static(escape(w.body), id="emergency-body")
            if w.reasons:
                yield Static(
                    "[b]Because you told us:[/b]\n" + _bullets(w.reasons), classes="section"
                )
            yield Static(
                "If you ticked this by mistake, press Escape to go back and change your answer.",
                classes="section dim",
            )
        yield Footer()


class ResultScreen(OutcomeScreen):
    """The recommendation and urgency first, then why, the options, profile, scores, sources."""

    def compose(self) -> ComposeResult:
        w = self.words
        r = self.outcome_result
        with VerticalScroll(id="result"):
            yield Static(escape(w.title), id="result-title", classes=f"urgency-{r.urgency}")
            yield Static(escape(w.urgency_words), id="urgency")
            lines = [f"[b]Recommendation:[/b] {escape(w.recommendation)}"]
            if w.add_on:
                lines.append(f"[b]Alongside the doctor's care:[/b] {escape(w.add_on)}")
            if w.alternative:
                lines.append(f"[b]Alternative:[/b] {escape(w.alternative)}")
            yield Static("\n".join(lines), id="recommendation")
            yield Static(escape(w.body), classes="section")
            if w.reasons:
                yield Static("[b]Why[/b]\n" + _bullets(w.reasons), classes="section")
            for option in w.options:
                status = STATUS_WORDS.get(option.status, option.status)
                text = f"[b]{escape(option.label)}[/b]: {escape(status)}"
                if self.intake:
                    text += f"  [i]({option.status})[/i]"
                details = [f"because: {r}" for r in option.reasons]
                details += [f"change: {m}" for m in option.modifications]
                if details:
                    text += "\n" + _bullets(details)
                yield Static(text, classes="section option")
            if w.profile:
                yield Static(
                    "[b]Your answers may be consistent with[/b] (not a diagnosis)\n"
                    + _bullets(w.profile),
                    classes="section",
                )
            for score in w.scores:
                text = f"[b]{escape(score.label)}:[/b] {score.value}"
                if score.band:
                    text += f" — {escape(score.band)}"
                if score.note:
                    text += f"\n {escape(score.note)}"
                yield Static(text, classes="section")
            yield Static("[b]Safety net[/b]\n" + _bullets(w.safety_net), classes="section")
            if w.sources:
                yield Static("[b]Sources[/b]\n" + _bullets(w.sources), classes="section dim")
            yield Static(
                "This aid does not give a diagnosis. If you are worried, contact a doctor.",
                classes="section dim",
            )
        yield Footer()
