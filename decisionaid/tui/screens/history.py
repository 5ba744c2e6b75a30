"""Saved screenings: a searchable list; open one at its result, or resume an unfinished one.

Typing anywhere on the list searches at once (the keys go to the search box), and Enter in
the search box opens the screening when only one matches. References and names are shown as
text, whatever brackets they hold. A store that cannot be used is a message, not a crash.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from decisionaid.layout import page
from decisionaid.screenings.store import Screening, Store
from decisionaid.screenings.summary import HEADERS, summary_row
from decisionaid.tui.bindings import either_case
from decisionaid.tui.screens.base import AppScreen
from decisionaid.tui.widgets.footer import FittingFooter
from decisionaid.tui.widgets.page import BREAKPOINTS, PageView

# The widest a name column is drawn (a longer one ends in "…"; opening the screening shows
# it whole): an 80-column screen then always shows the urgency and the status beside it.
WIDEST = {"reference": 20, "clinician": 16}

HINT = (
    "Type to search. Enter opens a screening at its result, or resumes an unfinished one. "
    "Delete removes one."
)


class HistoryScreen(AppScreen[None]):
    """The list of saved screenings, with its search box."""

    TAKES_TYPING_AHEAD = True  # keys typed while it opens are for it (see the app)
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("slash,ctrl+f", "search", "Search"),
        Binding("delete", "delete", "Delete"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.shown: list[Screening] = []
        self.widths: tuple[int | None, ...] | None = None  # the columns' (see refresh_rows)

    def compose(self) -> ComposeResult:
        yield Static("Saved screenings", id="history-title")
        yield Input(
            placeholder="Search by patient reference or clinician  ( / )",
            id="search",
            select_on_focus=False,  # typing on the list goes on with the search, not over it
        )
        yield DataTable(id="screenings", cursor_type="row", zebra_stripes=True)
        yield Static(HINT, id="history-hint")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.refresh_rows()
        self.query_one(DataTable).focus()

    @property
    def search(self) -> str:
        return self.query_one("#search", Input).value

    def on_screen_resume(self) -> None:
        # Back from a screening: it is no longer new.
        self.refresh_rows(self.search)

    def refresh_rows(self, search: str = "") -> None:
        table = self.query_one(DataTable)
        worked, found = self.app.use_store(self.store.list, search)
        self.shown = found or []
        rows = [summary_row(screening) for screening in self.shown]
        # A name column as wide as what it holds, up to its widest (see WIDEST); the others
        # fit their cells. The columns are made again only when those widths change (not at
        # every key typed in the search box).
        widths = tuple(
            None
            if (widest := WIDEST.get(header)) is None
            else min(widest, max([cell_len(header), *(cell_len(row[i]) for row in rows)]))
            for i, header in enumerate(HEADERS)
        )
        table.clear(columns=widths != self.widths)
        if widths != self.widths:
            for header, width in zip(HEADERS, widths, strict=True):
                table.add_column(header.capitalize(), width=width)
            self.widths = widths
        for screening, row in zip(self.shown, rows, strict=True):
            # Text cells, not strings: a string cell would be read as markup.
            cells = (Text(cell, no_wrap=True, overflow="ellipsis") for cell in row)
            table.add_row(*cells, key=str(screening.id))
        hint = self.query_one("#history-hint", Static)
        if not worked:
            hint.update("The saved screenings could not be read.")
        elif not self.shown:
            hint.update(
                Content(f"No saved screenings matching '{search}'.")
                if search
                else "No saved screenings yet."
            )
        else:
            hint.update(HINT)

    def on_key(self, event: events.Key) -> None:
        """A letter or digit typed on the list starts (or goes on with) a search, as does one
        typed before the screen has finished appearing."""
        typed = event.character if event.is_printable and event.key != "slash" else None
        if isinstance(self.focused, DataTable | None) and typed:
            event.stop()
            search = self.query_one("#search", Input)
            search.focus()
            search.insert_text_at_cursor(typed)

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self.refresh_rows(event.value)

    @on(Input.Submitted, "#search")
    def _searched(self) -> None:
        if len(self.shown) == 1:
            self.open(self.shown[0].id)
        else:
            self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_close(self) -> None:
        self.dismiss()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.open(int(event.row_key.value or 0))

    def open(self, screening_id: int) -> None:
        """Show a finished screening at its result, or resume an unfinished one."""

        def read() -> Screening | None:
            screening = self.store.get(screening_id)
            if screening is not None and screening.finished:  # opened: recorded as viewed
                screening = self.store.get(screening_id, record="viewed")
            return screening

        worked, screening = self.app.use_store(read)
        if not worked:
            return
        if screening is None:
            self.notify(f"Screening #{screening_id} no longer exists.", severity="warning")
            self.refresh_rows(self.search)
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
                worked, _ = self.app.use_store(self.store.delete, screening.id)
                if worked:
                    self.notify(f"Deleted screening #{screening.id}.")
                self.refresh_rows(self.search)

        question = f"Delete screening #{screening.id} for good? This cannot be undone."
        self.app.push_screen(ConfirmScreen(question, "Delete", "Keep"), confirmed)


class SavedScreen(AppScreen[None]):
    """A finished screening as it was saved (its words kept from the time it was made), laid
    out as its report: who and when, the result, the answers, about this aid."""

    HORIZONTAL_BREAKPOINTS = BREAKPOINTS

    BINDINGS = either_case(
        Binding("escape,b", "close", "Back"),
        Binding("s", "save_report", "Save report"),
    )

    def __init__(self, screening: Screening) -> None:
        super().__init__()
        self.screening = screening

    def compose(self) -> ComposeResult:
        yield PageView(page(self.screening, report=True), id="saved")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one(PageView).focus()

    def action_close(self) -> None:
        self.dismiss()

    def action_save_report(self) -> None:
        self.app.save_report(self.screening)
