"""Interface tests: Textual's Pilot checks for a settled screen every 5 ms, not every 20, and the
CSS Textual parses is parsed once per test process, not once per app.

After each key it sends, and in every `pause()`, Pilot first waits until every widget of the
screen has handled the messages already queued for it, and then sleeps in steps of
`textual._wait.SLEEP_GRANULARITY` (1/50 s) until a step passes in which the process used
almost no CPU (under a twentieth of the step). The first wait is what makes a test see the
result of its key; the second is a guard for work that is not a message. With 20 ms steps,
every key costs at least 40 ms of waiting whatever the app does, which was half the time of
the interface tests; in 5 ms steps (the same twentieth), the same 125 tests took 47 s in one
process instead of 84, and 27 s of CPU instead of 32 (fewer frames drawn while waiting).

Every Pilot test starts an app of its own, and every app parses the default CSS of each
widget it shows, and ours, again: a twentieth of the interface tests' CPU time. What parsing
gives depends only on the CSS text, where it was read from, its scope and priority, and the
theme's variables, so the rules are kept here keyed on all of those, and a later app with the
same CSS under the same theme is given the rules the first one parsed (Textual never changes
parsed rules: each app keeps reusing its own in the same way). A different theme, or CSS that
a test changed, is parsed afresh.
"""

from __future__ import annotations

from typing import Any

import textual._wait
from textual.css.stylesheet import Stylesheet

textual._wait.SLEEP_GRANULARITY = 1 / 200
textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20

_parse_rules = Stylesheet._parse_rules
_parsed: dict[tuple[Any, ...], Any] = {}
# Each stylesheet's variables as a key, by the identity of the dict it holds (which the
# stylesheet replaces, never changes in place, when the theme changes); the dict is kept
# with its key so that its identity cannot pass to another.
_variables: dict[int, tuple[dict[str, str], tuple[tuple[str, str], ...]]] = {}


def _variables_key(variables: dict[str, str]) -> tuple[tuple[str, str], ...]:
    kept = _variables.get(id(variables))
    if kept is None or kept[0] is not variables:
        kept = _variables[id(variables)] = (variables, tuple(sorted(variables.items())))
    return kept[1]


def _shared_parse_rules(
    self: Stylesheet,
    css: str,
    read_from: Any,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> Any:
    key = (css, read_from, is_default_rules, tie_breaker, scope, _variables_key(self._variables))
    rules = _parsed.get(key)
    if rules is None:
        rules = _parsed[key] = _parse_rules(
            self, css, read_from, is_default_rules, tie_breaker, scope
        )
    return rules


Stylesheet._parse_rules = _shared_parse_rules  # type: ignore[method-assign]
