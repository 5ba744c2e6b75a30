"""Small trees for the authoring tests: one with every kind of comparison the generator must
reach (a number, another answer plus a number, a score, a treatment status, a check), and two
versions of the coffee example."""

from __future__ import annotations

from tests.conftest import EXAMPLE

CLINIC = """\
tree: clinic
version: "1"
title: Clinic
start: age
therapies:
  rest:
    label: Rest
    rules:
      - status: excluded
        reasons: [busy]
      - status: caution
        reasons: [tired]
    otherwise: suitable
nodes:
  - id: age
    kind: question
    type: number
    text: How old are you?
    min: 0
    max: 100
    next: onset
  - id: onset
    kind: question
    type: number
    text: How old were you when it began?
    min: 0
    max: 100
    checks:
      - require: {answer: onset, lte: {answer: age}}
        message: it cannot begin after today
    next: pain
  - id: pain
    kind: question
    type: single
    text: How bad is it?
    options:
      - {value: mild, label: Mild}
      - {value: bad, label: Bad, next: urgent}
    next: days
  - id: days
    kind: question
    type: number
    text: Days a month?
    min: 0
    max: 31
    next: extra
  - id: extra
    kind: question
    type: number
    text: Extra days?
    min: 0
    max: 31
    next: signs
  - id: signs
    kind: question
    type: multi
    text: Any of these?
    options:
      - {value: tired, label: Tired}
      - {value: busy, label: Busy}
      - {value: calm, label: Calm}
    next: gate
  - id: gate
    kind: route
    text: Where now?
    rules:
      - when: {fact: recent}
        go: review
      - when: {score: total, gte: 10}
        go: review
      - when: {status_of: rest, in: [suitable, caution]}
        go: rest_ok
    otherwise: rest_no
  - id: urgent
    kind: outcome
    recommendation: doctor
    urgency: urgent
    title: Urgent
    text: See a doctor today.
  - id: review
    kind: outcome
    recommendation: doctor
    urgency: routine
    title: Review
    text: See a doctor.
    assessment: true
    triggers: [recent]
  - id: rest_ok
    kind: outcome
    recommendation: rest
    urgency: none
    title: Rest
    text: Rest.
    assessment: true
  - id: rest_no
    kind: outcome
    recommendation: doctor
    urgency: routine
    title: No rest
    text: Not now.
    assessment: true
facts:
  recent:
    label: Began recently, at 50 or over
    when:
      all:
        - {answer: onset, gte: 50}
        - {answer: age, lte: {answer: onset, plus: 2}}
  busy:
    label: Busy
    when: {answer: signs, any_of: [busy]}
  tired:
    label: Tired
    when: {answer: signs, any_of: [tired]}
scores:
  total:
    label: Total days
    sum: [days, extra]
"""

COFFEE = EXAMPLE.read_text(encoding="utf-8")
# The coffee tree with its threshold moved from 4 cups to 3.
COFFEE_3 = COFFEE.replace("gte: 4}", "gte: 3}").replace('version: "1.0"', 'version: "1.1"')
