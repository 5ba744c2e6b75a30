"""Answer sets tried at a route without walking (`space.py`, the engine's `Evaluation`), on a
tree whose facts form a chain deeper than Python's recursion limit: `decisionaid diff` and
`decisionaid test` work the facts out in dependency order, never by recursion."""

from __future__ import annotations

import pytest

from decisionaid import open_tree
from decisionaid.engine import Evaluation
from tests.cli.test_main import run
from tests.conftest import PAST_RECURSION, fact_chain

# One worker runs this module (`--dist loadgroup`): the long chain compiled once.
pytestmark = pytest.mark.xdist_group("long-chain")

LAST = f"f{PAST_RECURSION - 1}"

CASES = {
    "held": "name: held\nanswers: {q0: false, q1: true}\nexpect: {outcome: held}\n",
    "not_held": "name: not_held\nanswers: {q0: true}\nexpect: {outcome: not_held}\n",
}


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    """The tree, its worked cases, and a version with the first fact turned round (so every
    result changes)."""
    folder = tmp_path_factory.mktemp("chain")
    text = fact_chain(PAST_RECURSION)
    (folder / "chain.yaml").write_text(text, encoding="utf-8")
    turned = text.replace("{answer: q0, equals: true}", "{answer: q0, equals: false}")
    assert turned != text
    (folder / "turned.yaml").write_text(turned, encoding="utf-8")
    (folder / "chain" / "cases").mkdir(parents=True)
    for name, case in CASES.items():
        (folder / "chain" / "cases" / f"{name}.yaml").write_text(case, encoding="utf-8")
    return folder


def test_a_complete_set_of_answers_works_out_the_whole_chain(chain):
    flow = open_tree(chain / "chain.yaml")
    assert Evaluation(flow, {"q0": False}).fact(LAST) is True
    assert Evaluation(flow, {"q0": True}).status("rest") == "suitable"
    with pytest.raises(KeyError):  # an answer the set lacks
        Evaluation(flow, {}).fact(LAST)


def test_diff_of_two_long_chains(chain):
    result = run("diff", str(chain / "chain.yaml"), str(chain / "turned.yaml"), "--samples", "20")
    assert result.exit_code == 1, result.output
    assert "~ f0 when: q0 = true → q0 = false" in result.output
    assert ". rest (none) at held → rest (none) at not_held" in result.output
    assert ". rest (none) at not_held → rest (none) at held" in result.output


def test_the_cases_of_a_long_chain_run(chain):
    result = run("test", str(chain / "chain.yaml"), "--coverage")
    assert result.exit_code == 0, result.output
    assert "2 cases on tree 'chain' 1: 2 passed, 0 failed" in result.output
