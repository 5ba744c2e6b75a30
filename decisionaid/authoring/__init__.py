"""Tools for the people who write trees: worked cases with coverage (`decisionaid test`) and
the comparison of two versions of a tree by what they say and what they do to patients
(`decisionaid diff`). Engine-side only: no Textual here.
"""
