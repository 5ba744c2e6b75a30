"""A Result in the tree's words, for one mode: the typed Explanation saved with a screening.

`explain()` picks every word a result shows from the tree (intake mode takes the clinical and
third-person wording where the tree gives it); `layout.py` decides how those words are shown.
`cite()` and `answer_in_words()` give one source or one answer as a line.
"""

from __future__ import annotations

from typing import Any

from decisionaid.explanation import (
    AboutWords,
    Explanation,
    OptionWords,
    ProfileWords,
    ResultWords,
    SafetyNetWords,
    ScoreWords,
    SourceWords,
)
from decisionaid.model import Fact, Option, Outcome, Question, SelectedTrigger, Source, Tree
from decisionaid.result import Result, TherapyStatus, band_of


def _plain(text: str) -> str:
    return " ".join(text.split())


def cite(source: Source) -> str:
    """One bibliography entry as a line of text."""
    parts = [source.authors + (f" ({source.year})." if source.year else ".")]
    parts.append(source.title.rstrip(".") + ".")
    if source.published_in:
        parts.append(source.published_in + ".")
    if source.doi:
        parts.append(f"doi:{source.doi}")
    elif source.url:
        parts.append(source.url)
    return " ".join(parts)


def option_label(option: Option, intake: bool = False) -> str:
    return _plain(option.clinical if intake and option.clinical else option.label)


def fact_label(fact: Fact, intake: bool = False) -> str:
    return _plain(fact.clinical if intake and fact.clinical else fact.label)


def _shown(option: Option, intake: bool) -> str:
    """An option as the question showed it: intake mode puts the clinical term beside (in
    square brackets when the term has parentheses of its own, so they are never nested)."""
    label = _plain(option.label)
    if not (intake and option.clinical):
        return label
    clinical = _plain(option.clinical)
    return f"{label} [{clinical}]" if "(" in clinical else f"{label} ({clinical})"


def _amount(value: int, unit: str | None) -> str:
    """A number with its unit as people write it: "1 day", "6 days a month", "1 year"."""
    if not unit:
        return str(value)
    first, _, rest = unit.partition(" ")
    if value == 1 and first.endswith("s") and not first.endswith("ss"):
        first = first[:-1]
    return " ".join(w for w in (str(value), first, rest) if w)


def answer_in_words(question: Question, value: Any, intake: bool = False) -> str:
    """An answer as the person saw it, in the review list and reports."""
    if question.type == "boolean":
        return "Yes" if value else "No"
    if question.type == "number":
        return _amount(value, question.unit)
    labels = {o.value: _shown(o, intake) for o in question.options}
    if question.type == "multi":
        return (
            "; ".join(labels[v] for v in value) if value else question.none_label or "None of these"
        )
    return labels.get(value, str(value))


def _ticked(tree: Tree, outcome: Outcome, trigger: str) -> Option | None:
    """The checklist option a trigger names, when the outcome reports ticked values."""
    for item in outcome.triggers:
        if isinstance(item, SelectedTrigger):
            question = tree.nodes[item.selected]
            assert isinstance(question, Question)
            for option in question.options:
                if option.value == trigger:
                    return option
    return None


def trigger_label(tree: Tree, outcome: Outcome, trigger: str, intake: bool = False) -> str:
    if trigger in tree.facts:
        return fact_label(tree.facts[trigger], intake)
    option = _ticked(tree, outcome, trigger)
    return option_label(option, intake) if option is not None else trigger


def _trigger_sources(tree: Tree, outcome: Outcome, trigger: str) -> list[str]:
    """The evidence behind one reason: its fact's sources, or the ticked option's."""
    if trigger in tree.facts:
        return tree.facts[trigger].sources
    option = _ticked(tree, outcome, trigger)
    return option.sources if option is not None else []


def recommendation_label(tree: Tree, name: str, intake: bool = False) -> str:
    declared = tree.main.recommendations.get(name)
    if declared is None:
        return name.replace("_", " ")
    return _plain(declared.clinical if intake and declared.clinical else declared.label)


def about(tree: Tree) -> AboutWords | None:
    given = tree.main.about
    if given is None:
        return None
    return AboutWords(
        author=_plain(given.author),
        funding=_plain(given.funding),
        conflicts_of_interest=_plain(given.conflicts_of_interest),
        evidence_reviewed=given.evidence_reviewed,
        next_review=given.next_review,
        evidence=_plain(given.evidence) if given.evidence else None,
        background=[cite(tree.sources[s]) for s in given.background_reading if s in tree.sources],
    )


def pending(tree: Tree, mode: str) -> Explanation:
    """The words of a screening whose walk has not ended: the aid's own details only."""
    return Explanation(mode=mode, about=about(tree))


def explain(tree: Tree, result: Result, mode: str = "self") -> Explanation:
    """Everything the result shows, in the tree's words for this mode."""
    intake = mode == "intake"
    outcome = tree.nodes[result.outcome]
    assert isinstance(outcome, Outcome)
    cited: list[str] = list(outcome.sources)
    words = outcome.intake if intake and outcome.intake else None
    decision = tree.main.decision

    options = _options(tree, result, intake, cited) if result.options is not None else []
    for trigger in result.triggers:
        cited.extend(_trigger_sources(tree, outcome, trigger))
    profile = []
    for name in result.profile or []:
        fact = tree.facts[name]
        profile.append(
            ProfileWords(
                fact_label(fact, intake), _plain(fact.explanation) if fact.explanation else None
            )
        )
        cited.extend(fact.sources)
    scores = []
    for name, value in (result.scores or {}).items():
        score = tree.scores[name]
        band = band_of(score.bands, value)
        scores.append(
            ScoreWords(
                score.label, value, band.label if band else None, band.note if band else None
            )
        )
        cited.extend(score.sources)
    decision_text = None
    if decision is not None and result.options is not None:
        given = decision.intake.text if intake and decision.intake else None
        decision_text = _plain(given or decision.text)
    return Explanation(
        mode=mode,
        about=about(tree),
        result=ResultWords(
            title=_plain((words.title if words else None) or outcome.title),
            urgency=result.urgency,
            recommendation=recommendation_label(tree, result.recommendation, intake),
            body=_plain((words.text if words else None) or outcome.text),
            add_on=recommendation_label(tree, result.add_on, intake) if result.add_on else None,
            alternative=recommendation_label(tree, result.alternative, intake)
            if result.alternative
            else None,
            reasons=[trigger_label(tree, outcome, t, intake) for t in result.triggers],
            assessed=result.options is not None,
            stopped_early=not outcome.assessment
            and any(isinstance(n, Outcome) and n.assessment for n in tree.nodes.values()),
            decision=decision_text,
            options=options,
            priorities=_priorities(tree, result, intake),
            profile=profile,
            scores=scores,
            safety_net=_safety_net(tree),
            sources=_sources(tree, cited),
        ),
    )


def _options(tree: Tree, result: Result, intake: bool, cited: list[str]) -> list[OptionWords]:
    """The options side by side: the decision's own (self-care, a doctor, ...) in its order,
    then every assessed treatment and anything else the result offers."""
    statuses = result.options or {}
    decision = tree.main.decision
    order = list(decision.options) if decision else []
    order += [n for n in (*statuses, result.recommendation, result.add_on) if n]
    if result.alternative:
        order.append(result.alternative)
    roles = {
        result.recommendation: "recommendation",
        result.add_on: "add_on",
        result.alternative: "alternative",
    }
    out = []
    for name in dict.fromkeys(order):
        if decision is None and name not in statuses:
            continue  # a tree without a decision lists its assessed treatments, as before
        out.append(_option(tree, name, statuses.get(name), roles.get(name), intake, cited))
    return out


def _option(
    tree: Tree,
    name: str,
    status: TherapyStatus | None,
    role: str | None,
    intake: bool,
    cited: list[str],
) -> OptionWords:
    rec = tree.main.recommendations.get(name)
    therapy = tree.therapies.get(name)
    label = (
        recommendation_label(tree, name, intake) if rec else (therapy.label if therapy else name)
    )
    text = what_it_is_like = None
    if rec is not None:
        cited.extend(rec.sources)
        text, what_it_is_like = rec.text, rec.what_it_is_like
        changes = set(status.modifications or []) if status else set()
        if rec.limited is not None and changes & set(rec.limited.modifications):
            # The usual words may name an area a modification now rules out. What it is like
            # keeps its usual words when those name no area (the limited block leaves it out).
            text = rec.limited.text
            what_it_is_like = rec.limited.what_it_is_like or what_it_is_like
    meaning = None
    reasons: list[str] = []
    modifications: list[str] = []
    if status is not None and therapy is not None:
        rule = next((r for r in therapy.rules if r.status == status.status), None)
        meaning = (rule.text if rule else therapy.otherwise_text) or None
        for fact in (*status.reasons, *(status.modifications or [])):
            cited.extend(tree.facts[fact].sources)
        reasons = [fact_label(tree.facts[r], intake) for r in status.reasons]
        modifications = [fact_label(tree.facts[m], intake) for m in status.modifications or []]

    def words(value: str | None) -> str | None:
        return _plain(value) if value else None

    return OptionWords(
        id=name,
        label=label,
        role=role,
        status=status.status if status else None,
        meaning=words(meaning),
        reasons=reasons,
        modifications=modifications,
        text=words(text),
        what_it_is_like=words(what_it_is_like),
        benefits=words(rec.benefits if rec else None),
        certainty=words(rec.certainty if rec else None),
        harms=words(rec.harms if rec else None),
    )


def _priorities(tree: Tree, result: Result, intake: bool) -> list[str] | None:
    decision = tree.main.decision
    if decision is None or decision.priorities not in result.answers:
        return None
    question = tree.nodes[decision.priorities]
    assert isinstance(question, Question)
    chosen = result.answers[decision.priorities] or []
    return [option_label(o, intake) for o in question.options if o.value in chosen]


def _safety_net(tree: Tree) -> list[SafetyNetWords]:
    """Headed groups as written; plain lines (older trees) gathered under no heading."""
    groups: list[SafetyNetWords] = []
    for entry in tree.main.safety_net:
        if isinstance(entry, str):
            if groups and groups[-1].heading is None:
                groups[-1].items.append(_plain(entry))
            else:
                groups.append(SafetyNetWords(None, [_plain(entry)]))
        else:
            groups.append(
                SafetyNetWords(
                    _plain(entry.heading), [_plain(i) for i in entry.items], entry.urgency
                )
            )
    return groups


def _sources(tree: Tree, cited: list[str]) -> list[SourceWords]:
    """The evidence behind what this result shows, each source once in the order first cited.
    The tree's background reading is not among them: it belongs to 'About this aid'."""
    return [
        SourceWords(cite(tree.sources[s]), tree.sources[s].kind)
        for s in dict.fromkeys(cited)
        if s in tree.sources
    ]
