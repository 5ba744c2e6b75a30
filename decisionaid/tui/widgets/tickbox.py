"""A checkbox that shows its state in characters, [x] or [ ], not only in colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """Reads the same in every theme, without colour (NO_COLOR) and in a screenshot: the
    state is drawn as [x] or [ ], like the tick boxes of a checklist question."""

    DEFAULT_CSS = """
    TickBox {
        border: none;
        padding: 0;
        width: auto;
        height: auto;
    }
    TickBox:focus > .toggle--label {
        text-style: bold underline;
    }
    """

    @property
    def _button(self) -> Content:
        return Content.assemble(("[x]" if self.value else "[ ]", "bold"))
