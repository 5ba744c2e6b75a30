"""Key bindings that answer to a letter whether it is typed in lower or upper case.

Textual names a key by the character it types: with Shift or Caps Lock, R arrives as "R",
not "r", so a binding for "r" alone does nothing then, though the screens say "Press R".
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingType


def either_case(*bindings: Binding) -> list[BindingType]:
    """`bindings`, each single-letter key joined by its upper-case twin ("r" -> "r,R").

    The lower-case key stays first, so the footer shows it as before; other keys (digits,
    "escape", "ctrl+q") are left as they are.
    """
    twinned: list[BindingType] = []
    for binding in bindings:
        keys: list[str] = []
        for key in (k.strip() for k in binding.key.split(",")):
            keys.append(key)
            if len(key) == 1 and key.isalpha() and key.islower() and key.upper() not in keys:
                keys.append(key.upper())
        twinned.append(replace(binding, key=",".join(keys)))
    return twinned
