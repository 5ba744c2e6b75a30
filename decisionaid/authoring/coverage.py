"""Coverage of a tree by walks: which outcomes, route rules, answer options and treatment
status rules the walks reached, and which none did.

The items come from the compiled tree (outcome nodes, the rule and `otherwise` edges of every
route, the options of every question, the status rules of every treatment option); a walk
reaches what the engine recorded while walking it (the rule each route took, the answers on
its path, the rule that decided each status), never what its ids suggest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from decisionaid.authoring.walks import Walk
from decisionaid.graph import CompiledTree
from decisionaid.model import Outcome, Question, Route

KINDS = ("outcome", "route rule", "option", "status rule")


@dataclass(frozen=True)
class Item:
    """One thing a walk can reach, and how it reads in a table."""

    kind: str  # one of KINDS
    owner: str  # the node (outcome, route, question) or treatment option it belongs to
    part: str | int | bool | None  # the rule's position, the option's value; None: the outcome
    label: str

    @property
    def key(self) -> tuple[str, str, str | int | bool | None]:
        return (self.kind, self.owner, self.part)


def items(flow: CompiledTree) -> list[Item]:
    """Everything a set of walks should reach, in the order the tree's files list it."""
    tree, graph = flow.tree, flow.graph
    found: list[Item] = []
    for node_id, node in tree.nodes.items():
        if isinstance(node, Outcome):
            found.append(Item("outcome", node_id, None, f"{node.recommendation} ({node.urgency})"))
        elif isinstance(node, Route):
            edges = sorted(
                (data["order"], target, data)
                for target, keyed in graph.succ[node_id].items()
                for data in keyed.values()
            )
            for order, target, data in edges:
                name = "otherwise" if data["kind"] == "otherwise" else f"rule {order + 1}"
                label = name if data["label"] in (name, None) else f"{name} ({data['label']})"
                found.append(Item("route rule", node_id, order, f"{label} → {target}"))
        elif isinstance(node, Question):
            if node.type == "boolean":
                for value in (True, False):
                    found.append(Item("option", node_id, value, "true" if value else "false"))
            else:
                for option in node.option_values:
                    found.append(Item("option", node_id, option, option))
    for name, therapy in tree.therapies.items():
        for index, rule in enumerate(therapy.rules):
            found.append(Item("status rule", name, index, f"rule {index + 1}: {rule.status}"))
        found.append(
            Item("status rule", name, len(therapy.rules), f"otherwise: {therapy.otherwise}")
        )
    return found


def reached_by(flow: CompiledTree, done: Walk) -> set[tuple]:
    """The keys of the items one walk reached."""
    keys: set[tuple] = set()
    if done.result is None:
        return keys
    keys.add(("outcome", done.result.outcome, None))
    for route, order in done.decided.items():
        keys.add(("route rule", route, order))
    for question, value in done.given.items():
        node = flow.tree.nodes[question]
        values = value if isinstance(node, Question) and node.type == "multi" else [value]
        for one in values:
            keys.add(("option", question, one))
    for therapy, status in (done.result.options or {}).items():
        rules = flow.tree.therapies[therapy].rules
        keys.add(("status rule", therapy, len(rules) if status.rule is None else status.rule))
    return keys


@dataclass
class Coverage:
    """Which items the walks added so far reached, and by which of them."""

    flow: CompiledTree
    all: list[Item] = field(init=False)
    reached: dict[tuple, list[str]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.all = items(self.flow)

    def add(self, done: Walk, name: str) -> None:
        for key in reached_by(self.flow, done):
            self.reached.setdefault(key, []).append(name)

    def missing(self) -> list[Item]:
        """The items no walk reached, kind by kind, each kind in the tree's order."""
        missed = [item for item in self.all if item.key not in self.reached]
        return sorted(missed, key=lambda item: KINDS.index(item.kind))

    def count(self, kind: str | None = None) -> tuple[int, int]:
        """(items reached, items in all), of one kind or of every kind."""
        chosen = [i for i in self.all if kind is None or i.kind == kind]
        return sum(i.key in self.reached for i in chosen), len(chosen)

    @property
    def percent(self) -> float:
        reached, total = self.count()
        return 100.0 if total == 0 else 100.0 * reached / total
