"""Interface tests: the CSS Textual parses is parsed once per test process, not once per app.

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

from textual.css.stylesheet import Stylesheet

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
