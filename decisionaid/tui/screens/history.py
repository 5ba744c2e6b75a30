"""Saved screenings: a searchable list; open one at its result, or resume an unfinished one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from decisionaid.cli.history import HEADERS, summary_row
from decisionaid.layout import page
from decisionaid.screenings.store import Screening, Store, StoreError
from decisionaid.tui.widgets.page import BREAKPOINTS, PageView


class HistoryScreen(Screen):
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("slash,ctrl+f", "search", "Search"),
        Binding("delete", "delete", "Delete", show=False),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.shown: list[Screening] = []

    def compose(self) -> ComposeResult:
        yield Static("Saved screenings", id="history-title")
        yield Input(placeholder="Search by patient reference or clinician  ( / )", id="search")
        yield DataTable(id="screenings", cursor_type="row", zebra_stripes=True)
        yield Static(
            "Enter opens a screening at its result, or resumes an unfinished one.",
            id="history-hint",
        )
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*(h.capitalize() for h in HEADERS))
        self.refresh_rows()
        table.focus()

    def on_screen_resume(self) -> None:
        # Back from a screening: it is no longer new.
        self.refresh_rows(self.query_one("#search", Input).value)

    def refresh_rows(self, search: str = "") -> None:
        table = self.query_one(DataTable)
        table.clear()
        try:
            self.shown = self.store.list(search)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=15)
            self.shown = []
        for screening in self.shown:
            table.add_row(*summary_row(screening), key=str(screening.id))
        if not self.shown:
            found = f" matching '{search}'" if search else " yet"
            self.query_one("#history-hint", Static).update(f"No saved screenings{found}.")
        else:
            self.query_one("#history-hint", Static).update(
                "Enter opens a screening at its result, or resumes an unfinished one."
            )

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self.refresh_rows(event.value)

    @on(Input.Submitted, "#search")
    def _to_table(self) -> None:
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_close(self) -> None:
        self.dismiss()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        screening_id = int(event.row_key.value or 0)
        try:
            screening = self.store.get(screening_id)
            if screening is not None and screening.finished:  # opened: recorded as viewed
                screening = self.store.get(screening_id, record="viewed")
        except StoreError as exc:  # a damaged record, or the database went away
            self.notify(str(exc), severity="error", timeout=15)
            return
        if screening is None:
            self.notify(f"Screening #{screening_id} no longer exists.", severity="warning")
            self.refresh_rows(self.query_one("#search", Input).value)
            return
        if screening.finished:
            self.app.push_screen(SavedScreen(screening))
        else:
            self.app.resume(screening.id)

    def action_delete(self) -> None:
        from decisionaid.tui.screens.modals import ConfirmScreen

        table = self.query_one(DataTable)
        if not self.shown:
            return
        screening = self.shown[table.cursor_row]

        def confirmed(yes: bool | None) -> None:
            if yes:
                try:
                    self.store.delete(screening.id)
                except StoreError as exc:
                    self.notify(str(exc), severity="error", timeout=15)
                    return
                self.notify(f"Deleted screening #{screening.id}.")
                self.refresh_rows(self.query_one("#search", Input).value)

        question = f"Delete screening #{screening.id} for good? This cannot be undone."
        self.app.push_screen(ConfirmScreen(question, "Delete", "Keep"), confirmed)


class SavedScreen(Screen):
    """A finished screening as it was saved (its words kept from the time it was made), laid
    out as its report: who and when, the result, the answers, about this aid."""

    HORIZONTAL_BREAKPOINTS = BREAKPOINTS

    BINDINGS = [
        Binding("escape,b", "close", "Back"),
        Binding("s", "save_report", "Save report"),
    ]

    def __init__(self, screening: Screening) -> None:
        super().__init__()
        self.screening = screening

    def compose(self) -> ComposeResult:
        yield PageView(page(self.screening, report=True), id="saved")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PageView).focus()

    def action_close(self) -> None:
        self.dismiss()

    def action_save_report(self) -> None:
        self.app.save_report(self.screening)
