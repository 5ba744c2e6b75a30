"""A tree as a networkx graph: `build` (model → graph), `checks` (validation), `analysis`
(walk counts, progress) and `compiled` (the validated, compiled tree the engine walks)."""

from decisionaid.graph.compiled import CompiledTree, compile_tree

__all__ = ["CompiledTree", "compile_tree"]
