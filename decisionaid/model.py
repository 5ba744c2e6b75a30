"""The tree file format as typed models, and the JSON Schema generated from them.

A tree file is YAML; after loading it is validated against `TreeFile` (the main file) or
`Fragment` (a file pulled in with `include`). These models check the shape of each file on
its own; references between files are checked later, in `graph.py`, once everything is merged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    Tag,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError, PydanticKnownError

# Values that YAML 1.1 (and so PyYAML) reads as booleans when they are not quoted.
YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off", "y", "n", "true", "false"})

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
OptionValue = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Urgency = Literal["emergency", "urgent", "routine", "none"]
QuestionType = Literal["boolean", "single", "multi", "number"]


# --- numbers and other scalars: taken exactly as YAML read them ------------------------
#
# Pydantic's lax mode would turn `yes` into 1, "4_0" into 40, " 20 " into 20 and 4.0 into 4
# without a word; nothing an author wrote may be altered, so every number, boolean and
# comparison value below is validated strictly (pydantic's StrictInt, StrictBool, StrictStr).
# The wrap validators decide nothing: they only say in words why pydantic refused a value.

# The largest magnitude of a number question's min and max: plain mode reads at most this
# many digits (`asking.MOST_DIGITS`, which cannot be imported here: it imports this module).
MOST_DIGITS = 15
LARGEST_NUMBER = 10**MOST_DIGITS - 1


def _not_whole(value: Any) -> str | None:
    """Why a value is not the whole number a field wants, in words (the loader adds the
    value itself: "(got True)"); None where pydantic's own words say it (`min: zero`)."""
    if isinstance(value, bool):
        return "expected a whole number, but YAML reads yes/no, true/false and on/off as booleans"
    if isinstance(value, float):
        return "expected a whole number, without decimals"
    if isinstance(value, str) and any(c.isdigit() for c in value):
        return "expected a whole number, not text: write the digits alone, without quotes"
    return None


def _whole_number(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """A strict whole number, and one error in words for a value that is not one. A real int
    out of range, and a mapping, keep pydantic's own errors."""
    try:
        return handler(value)
    except ValidationError:
        if not isinstance(value, bool) and isinstance(value, int | dict | BaseModel):
            raise
        message = _not_whole(value)
        if message is None:  # one error, not one per member of a union
            raise PydanticKnownError("int_type") from None
        raise PydanticCustomError("whole_number", message) from None


def _scalar(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """A strict comparison value (true/false, a whole number, an option value), in words."""
    try:
        return handler(value)
    except ValidationError:
        if isinstance(value, float):
            message = "expected a whole number, without decimals"
        else:
            message = "expected true or false, a whole number, or an option value"
        raise PydanticCustomError("comparison_value", message) from None


WholeNumber = Annotated[StrictInt, WrapValidator(_whole_number)]
Scalar = Annotated[StrictBool | StrictInt | StrictStr, WrapValidator(_scalar)]


class Strict(BaseModel):
    """Base for every model of the format: unknown fields are errors, never ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


# --- the condition language --------------------------------------------------------------


def _one_comparison(schema: dict[str, Any], names: tuple[str, ...]) -> None:
    """Say in the JSON Schema what a validator below checks: exactly one of these comparisons
    is given (null counts as not given, as it does for the model)."""
    schema["oneOf"] = [
        {"required": [name], "properties": {name: {"not": {"type": "null"}}}} for name in names
    ]


class AnswerRef(Strict):
    """Compare with another answer instead of a constant: `{answer: age}`, or with that
    answer plus a whole number: `{answer: onset_age, plus: 2}` (for "within 2 years of")."""

    answer: Id
    plus: WholeNumber = 0


def _number(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """A whole number or an `AnswerRef`, with the errors of the one that was meant only: a
    mapping is an `AnswerRef` (never also "not an integer"), anything else a whole number."""
    if isinstance(value, dict):
        return AnswerRef.model_validate(value)
    return _whole_number(value, handler)


# One wrap around the union: a value that is neither gets one message, not one per member.
Number = Annotated[StrictInt | AnswerRef, WrapValidator(_number)]


class AnswerCondition(Strict):
    """Test one answer: `{answer: age, gte: 50}` or `{answer: neck_signs, any_of: [...]}`."""

    TAG: ClassVar[str] = "answer"
    model_config = ConfigDict(
        json_schema_extra=lambda schema: _one_comparison(
            schema, tuple(op.rstrip("_") for op in ANSWER_OPERATORS)
        )
    )

    answer: Id
    equals: Scalar | None = None
    not_equals: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    gt: Number | None = None
    gte: Number | None = None
    lt: Number | None = None
    lte: Number | None = None
    any_of: list[OptionValue] | None = None
    all_of: list[OptionValue] | None = None
    none_of: list[OptionValue] | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> AnswerCondition:
        given = [name for name in ANSWER_OPERATORS if getattr(self, name) is not None]
        if len(given) != 1:
            names = ", ".join(op.rstrip("_") for op in ANSWER_OPERATORS)
            raise ValueError(f"give exactly one comparison ({names}); found {len(given)}")
        return self

    # Cached: the engine asks on every evaluation, and a frozen condition never changes.
    @cached_property
    def operator(self) -> str:
        return next(name for name in ANSWER_OPERATORS if getattr(self, name) is not None)

    @cached_property
    def operand(self) -> Any:
        return getattr(self, self.operator)


ANSWER_OPERATORS: tuple[str, ...] = (
    "equals",
    "not_equals",
    "in_",
    "gt",
    "gte",
    "lt",
    "lte",
    "any_of",
    "all_of",
    "none_of",
)


class FactCondition(Strict):
    """True when a named derived fact holds: `{fact: chronic_headache}`."""

    TAG: ClassVar[str] = "fact"

    fact: Id


class ScoreCondition(Strict):
    """Compare a named score: `{score: midas, gte: 21}`."""

    TAG: ClassVar[str] = "score"
    model_config = ConfigDict(
        json_schema_extra=lambda schema: _one_comparison(schema, SCORE_OPERATORS)
    )

    score: Id
    equals: WholeNumber | None = None
    gt: WholeNumber | None = None
    gte: WholeNumber | None = None
    lt: WholeNumber | None = None
    lte: WholeNumber | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> ScoreCondition:
        given = [n for n in SCORE_OPERATORS if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one comparison (equals, gt, gte, lt, lte)")
        return self

    @cached_property
    def operator(self) -> str:
        return next(n for n in SCORE_OPERATORS if getattr(self, n) is not None)


SCORE_OPERATORS: tuple[str, ...] = ("equals", "gt", "gte", "lt", "lte")


class StatusCondition(Strict):
    """True when a treatment option's status is one of those listed."""

    TAG: ClassVar[str] = "status"

    status_of: Id
    in_: list[Id] = Field(alias="in", min_length=1)


class AllCondition(Strict):
    TAG: ClassVar[str] = "all"
    all: list[Condition] = Field(min_length=1)


class AnyCondition(Strict):
    TAG: ClassVar[str] = "any"
    any: list[Condition] = Field(min_length=1)


class NotCondition(Strict):
    TAG: ClassVar[str] = "not"
    not_: Condition = Field(alias="not")


class AtLeastCondition(Strict):
    """True when at least `at_least` of the listed conditions hold."""

    TAG: ClassVar[str] = "at_least"

    at_least: WholeNumber = Field(ge=1)
    of: list[Condition] = Field(min_length=1)


_CONDITION_TAGS = {
    "answer": "answer",
    "fact": "fact",
    "score": "score",
    "status_of": "status",
    "all": "all",
    "any": "any",
    "not": "not",
    "at_least": "at_least",
}


def condition_tag(value: Any) -> str | None:
    """Which kind of condition a value is (pydantic puts this tag in error locations)."""
    if isinstance(value, dict):
        for key, tag in _CONDITION_TAGS.items():
            if key in value:
                return tag
        return None
    return getattr(value, "TAG", None)


Condition = Annotated[
    Annotated[AnswerCondition, Tag("answer")]
    | Annotated[FactCondition, Tag("fact")]
    | Annotated[ScoreCondition, Tag("score")]
    | Annotated[StatusCondition, Tag("status")]
    | Annotated[AllCondition, Tag("all")]
    | Annotated[AnyCondition, Tag("any")]
    | Annotated[NotCondition, Tag("not")]
    | Annotated[AtLeastCondition, Tag("at_least")],
    Discriminator(
        condition_tag,
        custom_error_type="unknown_condition",
        custom_error_message=(
            "a condition is a mapping with one of the keys: " + ", ".join(_CONDITION_TAGS)
        ),
    ),
]


for _model in (AllCondition, AnyCondition, NotCondition, AtLeastCondition):
    _model.model_rebuild()


# --- nodes -------------------------------------------------------------------------------


class Option(Strict):
    """One choice of a `single` or `multi` question."""

    value: OptionValue
    label: Text
    clinical: str | None = Field(default=None, description="clinical wording for intake mode")
    help: str | None = None
    next: Id | None = Field(default=None, description="single questions only: go here instead")
    sources: list[Id] = Field(
        default_factory=list,
        description="cited by a result that reports this option as a trigger (a warning sign)",
    )

    @field_validator("value", mode="before")
    @classmethod
    def _not_a_yaml_boolean(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(
                "YAML read this option value as a boolean: option values must not be "
                "yes/no/on/off/y/n/true/false (pick a word such as 'none_of_these')"
            )
        if isinstance(value, str) and value.lower() in YAML11_BOOLEANS:
            raise ValueError(
                f"option value '{value}' is a YAML 1.1 boolean; answers files would read it "
                "as true/false. Pick another word"
            )
        return value


class Check(Strict):
    """A cross-answer rule on a question: the answer is invalid unless `require` holds."""

    require: Condition
    message: Text


class IntakeWords(Strict):
    """Wording for therapist intake mode: about the patient, in the third person, with
    clinical terms. Any field left out falls back to the self-assessment wording."""

    title: str | None = None
    text: str | None = None
    help: str | None = None


class NodeBase(Strict):
    id: Id
    text: Text
    help: str | None = Field(default=None, description="'why we ask', one key away")
    sources: list[Id] = Field(default_factory=list)
    section: str | None = Field(default=None, description="a heading shown above the node")
    intake: IntakeWords | None = Field(
        default=None, description="therapist intake wording (third person, clinical terms)"
    )


class Question(NodeBase):
    kind: Literal["question"]
    type: QuestionType
    clinical: str | None = Field(default=None, description="clinical wording for intake mode")
    options: list[Option] = Field(default_factory=list)
    none_label: str | None = Field(default=None, description="multi: the 'none of these' label")
    min: WholeNumber | None = None
    max: WholeNumber | None = None
    unit: str | None = None
    checks: list[Check] = Field(default_factory=list)
    next: Id | None = None

    @field_validator("min", "max")
    @classmethod
    def _plain_mode_can_type_it(cls, value: int | None) -> int | None:
        if value is not None and abs(value) > LARGEST_NUMBER:
            raise ValueError(
                f"a number question's min and max have at most {MOST_DIGITS} digits, the most "
                f"plain mode reads (from -{LARGEST_NUMBER:,} to {LARGEST_NUMBER:,})"
            )
        return value

    @model_validator(mode="after")
    def _shape_fits_type(self) -> Question:
        if self.type in ("single", "multi"):
            if len(self.options) < 2 and self.type == "single":
                raise ValueError("a single-choice question needs at least 2 options")
            if not self.options:
                raise ValueError("a multi-choice question needs at least 1 option")
            seen: set[str] = set()
            for option in self.options:
                if option.value in seen:
                    raise ValueError(f"option value '{option.value}' is listed twice")
                seen.add(option.value)
            if self.type == "multi" and any(o.next for o in self.options):
                raise ValueError("options of a multi question cannot have 'next'; use a route")
        elif self.options:
            raise ValueError(f"a {self.type} question has no options")
        if self.type == "number":
            if self.min is None or self.max is None:
                raise ValueError("a number question needs integer 'min' and 'max'")
            if self.min > self.max:
                raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        elif self.min is not None or self.max is not None:
            raise ValueError("only number questions have 'min' and 'max'")
        if self.type != "multi" and self.none_label is not None:
            raise ValueError("only multi questions have 'none_label'")
        if self.next is None and not (self.type == "single" and all(o.next for o in self.options)):
            raise ValueError("a question needs 'next' (unless every option has its own 'next')")
        return self

    @property
    def option_values(self) -> list[str]:
        return [o.value for o in self.options]

    @cached_property
    def option_positions(self) -> dict[str, int]:
        """Each option value and its place, built once: checking an answer of many values
        against many options must not rebuild the list of options for each value."""
        return {o.value: i for i, o in enumerate(self.options)}


class Info(NodeBase):
    kind: Literal["info"]
    next: Id


class Rule(Strict):
    when: Condition
    go: Id
    label: str | None = Field(default=None, description="short text for the drawn edge")


class Route(NodeBase):
    kind: Literal["route"]
    rules: list[Rule] = Field(min_length=1)
    otherwise: Id


class SelectedTrigger(Strict):
    """Report the values ticked in a checklist question as triggers."""

    selected: Id


class Outcome(NodeBase):
    kind: Literal["outcome"]
    title: Text
    recommendation: Id
    urgency: Urgency
    add_on: Id | None = None
    alternative: Id | None = None
    triggers: list[Id | SelectedTrigger] = Field(default_factory=list)
    assessment: StrictBool = Field(
        default=False,
        description="report treatment options, profile and scores (they are null otherwise)",
    )

    @property
    def offers(self) -> set[str]:
        """Every recommendation this outcome puts in front of the person."""
        return {r for r in (self.recommendation, self.add_on, self.alternative) if r}


def node_tag(value: Any) -> str | None:
    """Which kind of node a value is (pydantic puts this tag in error locations)."""
    if isinstance(value, dict):
        kind = value.get("kind")
        return kind if isinstance(kind, str) else None
    return getattr(value, "kind", None)


Node = Annotated[
    Annotated[Question, Tag("question")]
    | Annotated[Info, Tag("info")]
    | Annotated[Route, Tag("route")]
    | Annotated[Outcome, Tag("outcome")],
    Discriminator(
        node_tag,
        custom_error_type="unknown_node_kind",
        custom_error_message="'kind' must be one of: question, info, route, outcome",
    ),
]


# --- derived facts, scores, treatment options --------------------------------------------


class Fact(Strict):
    """A named condition defined once, with a label for explanations."""

    when: Condition
    label: Text
    clinical: str | None = Field(default=None, description="the label in intake mode")
    explanation: str | None = Field(
        default=None,
        description="a few plain sentences on what it means (for a profile: the condition)",
    )
    category: Id | None = None
    sources: list[Id] = Field(default_factory=list)


class Band(Strict):
    """A grade of a score: applies up to and including `max` (the last band has no max)."""

    id: Id
    label: Text
    max: WholeNumber | None = None
    note: str | None = None


class Score(Strict):
    label: Text
    sum: list[Id] = Field(min_length=1, description="number questions added together")
    report: StrictBool = Field(default=True, description="shown in results under 'scores'")
    bands: list[Band] = Field(default_factory=list)
    sources: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _bands_ascend(self) -> Score:
        maxima = [b.max for b in self.bands]
        if maxima and maxima[-1] is not None:
            raise ValueError("the last band must have no 'max' (it takes everything above)")
        if any(m is None for m in maxima[:-1]):
            raise ValueError("every band but the last needs 'max'")
        bounded = [m for m in maxima[:-1] if m is not None]
        if bounded != sorted(set(bounded)):
            raise ValueError("band maxima must strictly ascend")
        return self


class StatusRule(Strict):
    """One status of a treatment option; the first rule that applies gives the status.

    Without `when`, the rule applies when any of its reasons or modifications hold.
    """

    status: Id
    when: Condition | None = None
    reasons: list[Id] = Field(default_factory=list, description="facts reported as reasons")
    modifications: list[Id] = Field(default_factory=list, description="facts reported as changes")
    text: str | None = Field(default=None, description="what the status means, in words")

    @model_validator(mode="after")
    def _can_apply(self) -> StatusRule:
        if self.when is None and not (self.reasons or self.modifications):
            raise ValueError("a status rule needs 'when', 'reasons' or 'modifications'")
        return self


class Therapy(Strict):
    """A treatment option assessed for every person who reaches the contraindications."""

    label: Text
    rules: list[StatusRule] = Field(min_length=1)
    otherwise: Id
    otherwise_text: str | None = None

    @property
    def has_modifications(self) -> bool:
        return any(rule.modifications for rule in self.rules)


class AreaLimited(Strict):
    """What an option is and is like, said without promising work on any one area: shown
    instead of the option's own words when a modification limits where the therapist works."""

    modifications: list[Id] = Field(
        min_length=1, description="the modifications (facts) that limit the area worked on"
    )
    text: Text
    what_it_is_like: str | None = Field(
        default=None,
        description="left out: the option's own what_it_is_like is shown (so it must name no area)",
    )


class Recommendation(Strict):
    """Something the aid can suggest, and what a person weighing it needs to know (IPDAS):
    what it is like, its benefits with how sure the evidence is, and its harms."""

    label: Text
    clinical: str | None = Field(default=None, description="the label in intake mode")
    text: str | None = None
    what_it_is_like: str | None = None
    benefits: str | None = None
    certainty: str | None = Field(default=None, description="how sure the evidence is")
    harms: str | None = None
    sources: list[Id] = Field(default_factory=list)
    limited: AreaLimited | None = Field(
        default=None,
        description="words shown instead of text and what_it_is_like when one of these "
        "modifications applies (so the description never promises a forbidden area)",
    )


class SafetyRule(Strict):
    """Questions that must be asked on every path to an outcome offering these."""

    questions: list[Id] = Field(min_length=1)
    before: list[Id] = Field(min_length=1, description="recommendations these must precede")
    why: str | None = None


class Source(Strict):
    kind: Literal["evidence", "background"] = Field(
        default="evidence",
        description="evidence: research and guidelines; background: reading such as clinic "
        "websites, listed apart and never as the evidence for a claim",
    )
    authors: Text
    year: Annotated[StrictInt, Field(ge=1800, le=2100), WrapValidator(_whole_number)] | None = None
    title: Text
    published_in: str | None = None
    doi: str | None = None
    url: str | None = None
    note: str | None = None


class SafetyNetGroup(Strict):
    """Safety-net lines under one heading (such as 'Call your emergency number now if')."""

    heading: Text
    items: list[Text] = Field(min_length=1)
    urgency: Urgency | None = None


ReviewDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}(-\d{2})?$")]


class About(Strict):
    """'About this aid': who wrote it, who paid, conflicts, and when its evidence was reviewed."""

    author: Text
    funding: Text
    conflicts_of_interest: Text
    evidence: str | None = Field(default=None, description="what evidence was reviewed, and how")
    evidence_reviewed: ReviewDate = Field(description="YYYY-MM or YYYY-MM-DD")
    next_review: ReviewDate = Field(description="YYYY-MM or YYYY-MM-DD")
    background_reading: list[Id] = Field(
        default_factory=list,
        description="sources of kind 'background' listed as further reading: the only place "
        "they may be cited, never as the evidence for a claim",
    )


class Decision(Strict):
    """The decision the aid helps a person make, and the options always shown side by side."""

    text: Text = Field(description="the decision, framed as the person's own")
    intake: IntakeWords | None = None
    options: list[Id] = Field(
        default_factory=list, description="recommendations shown as options with every result"
    )
    priorities: Id | None = Field(
        default=None,
        description="a multi question asking what matters to the person; shown beside the "
        "options and never read by any rule",
    )


# --- files -------------------------------------------------------------------------------


class Fragment(Strict):
    """A file pulled into a tree with `include`: any sections but the tree's identity."""

    model_config = ConfigDict(
        json_schema_extra={"title": "decisionaid decision tree: a file pulled in with include"}
    )

    include: list[Text] = Field(default_factory=list)
    nodes: list[Node] = Field(default_factory=list)
    facts: dict[Id, Fact] = Field(default_factory=dict)
    scores: dict[Id, Score] = Field(default_factory=dict)
    sources: dict[Id, Source] = Field(default_factory=dict)


class TreeFile(Fragment):
    """The main file of a decision tree."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        json_schema_extra={"title": "decisionaid decision tree"},
    )

    tree: Id
    version: Text
    title: Text
    description: str | None = None
    start: Id
    recommendations: dict[Id, Recommendation] = Field(default_factory=dict)
    therapies: dict[Id, Therapy] = Field(default_factory=dict)
    profile: list[Id] = Field(default_factory=list, description="facts listed as the profile")
    safety: list[SafetyRule] = Field(default_factory=list)
    safety_net: list[Text | SafetyNetGroup] = Field(
        default_factory=list, description="shown with every result: lines, or headed groups"
    )
    about: About | None = Field(default=None, description="'About this aid', in every report")
    decision: Decision | None = None

    @field_validator("version", mode="before")
    @classmethod
    def _version_is_text(cls, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(f'version must be text; quote it: version: "{value}"')
        return value


def json_schema(fragment: bool = False) -> dict[str, Any]:
    """The JSON Schema of a main tree file, or of a file it includes (`fragment`)."""
    schema = (Fragment if fragment else TreeFile).model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


# --- the merged tree ---------------------------------------------------------------------


@dataclass(eq=False)
class Tree:
    """A tree with its included files merged in. Where each part was written is kept apart,
    by the loader (`loader.Places`), so a compiled tree carries no YAML positions."""

    main: TreeFile
    nodes: dict[str, Node]
    facts: dict[str, Fact]
    scores: dict[str, Score]
    sources: dict[str, Source]
    files: list[str] = field(default_factory=list)
    # Every file read, for the compiled cache: (the path as opened, the file it led to,
    # sha256 of the bytes that were parsed).
    read: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.main.tree

    @property
    def version(self) -> str:
        return self.main.version

    @property
    def start(self) -> str:
        return self.main.start

    @property
    def therapies(self) -> dict[str, Therapy]:
        return self.main.therapies

    def questions(self) -> dict[str, Question]:
        return {k: n for k, n in self.nodes.items() if isinstance(n, Question)}
