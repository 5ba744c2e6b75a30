"""An independent reading of shared/clinical/SPEC.md (version 1.1) in plain Python, for tests.

It shares no code with the engine or the tree: if the YAML tree and this file disagree on any
answer set, one of them misreads the specification.
"""

from __future__ import annotations

from typing import Any

EMERGENCY = ["thunderclap", "neuro_deficit", "consciousness", "meningism", "red_eye"]
URGENT = [
    "gca",
    "fever_unwell",
    "cancer_or_immune",
    "cough_or_posture",
    "progressive",
    "atypical_aura",
    "eye_autonomic",
    "neck_artery",
    "papilloedema",
]
DN_EXCLUDED_CHECKLIST = [
    "acute_illness",
    "lymphoedema",
    "skin_problem_head_neck",
    "bleeding_disorder",
    "seizure_last_12_months",
    "recent_surgery_head_neck",
    "recent_fracture_neck_shoulder",
]
DN_CAUTION_CHECKLIST = [
    "blood_thinners",
    "blood_clot",
    "epilepsy_controlled",
    "weak_immune_system",
    "metal_allergy",
    "diabetes_poor_healing",
    "vascular_disease",
    "neck_artery_tear_history",
    "lung_condition_or_thin_build",
    "active_cancer",
    "frail_or_severe_anxiety",
    "uncontrolled_blood_pressure",
]
MASSAGE_EXCLUDED_CHECKLIST = [
    "acute_illness",
    "skin_problem_head_neck",
    "recent_surgery_head_neck",
    "recent_fracture_neck_shoulder",
    "blood_clot",
    "uncontrolled_blood_pressure",
]
MIDAS = [
    "midas_work_missed",
    "midas_work_reduced",
    "midas_home_missed",
    "midas_home_reduced",
    "midas_social_missed",
]


def _red_flag(a: dict[str, Any]) -> tuple[str, list[str]] | None:
    if a["emergency_signs"]:
        return "emergency", [v for v in EMERGENCY if v in a["emergency_signs"]]
    if a["head_injury"] == "last_7_days":
        return "emergency", ["head_injury_recent"]
    if a["head_injury"] == "last_3_months":
        if a["bleeding_risk"]:
            return "emergency", ["head_injury_bleeding_risk"]
        return "urgent", ["head_injury"]
    if a["urgent_signs"]:
        return "urgent", [v for v in URGENT if v in a["urgent_signs"]]
    if a["pregnancy"] != "not_pregnant" and a["pregnancy_headache_new"]:
        return "urgent", ["pregnancy_new_headache"]
    if a["age"] < 18:
        return "routine", ["under_18"]
    # A NEW headache after 50: began at 50 or later, and within about the last two years.
    new_after_50 = a["onset_age"] >= 50 and a["age"] - a["onset_age"] <= 2
    routine = (["onset_after_50"] if new_after_50 else []) + [
        v for v in ("pattern_change", "new_medicine") if v in a["routine_signs"]
    ]
    if routine:
        return "routine", routine
    return None


def _ticked(a: dict[str, Any]) -> set[str]:
    return set(a["bleeding_circulation"]) | set(a["skin_bones_recent"]) | set(a["general_health"])


def dry_needling(a: dict[str, Any], neck: bool) -> dict[str, Any]:
    ticked = _ticked(a)
    excluded = []
    if a["needles"] == "prefer_not":
        excluded.append("needles_prefer_not")
    if a["needles"] == "very_afraid":
        excluded.append("needles_very_afraid")
    if not a["can_consent"]:
        excluded.append("cannot_consent")
    if a["pregnancy"] == "under_14_weeks":
        excluded.append("pregnancy_under_14_weeks")
    excluded += [v for v in DN_EXCLUDED_CHECKLIST if v in ticked]
    if excluded:
        return {"status": "excluded", "reasons": excluded}
    if not neck:
        return {"status": "not_indicated", "reasons": ["no_neck_component"]}
    caution = ["fainted_with_needles"] if a["fainted_with_needles"] else []
    if a["pregnancy"] == "14_weeks_or_more":
        caution.append("pregnancy_14_weeks_or_more")
    caution += [v for v in DN_CAUTION_CHECKLIST if v in ticked]
    if caution:
        return {"status": "caution", "reasons": caution}
    return {"status": "suitable", "reasons": []}


def massage(a: dict[str, Any]) -> dict[str, Any]:
    ticked = _ticked(a)
    excluded = (["cannot_consent"] if not a["can_consent"] else []) + [
        v for v in MASSAGE_EXCLUDED_CHECKLIST if v in ticked
    ]
    if excluded:
        return {"status": "excluded", "reasons": excluded, "modifications": []}
    mods = []
    if ticked & {"bleeding_disorder", "blood_thinners"}:
        mods.append("light_pressure")
    if a["pregnancy"] in ("under_14_weeks", "14_weeks_or_more"):
        mods.append("pregnancy_adapted")
    if "lymphoedema" in ticked:
        mods.append("avoid_lymphoedema_area")
    if "vascular_disease" in ticked:
        mods.append("no_front_side_neck_pressure")
    if "neck_artery_tear_history" in ticked:
        mods.append("no_neck_massage")
    if ticked & {"active_cancer", "osteoporosis"}:
        mods.append("no_deep_pressure")
    if "oil_allergy" in ticked:
        mods.append("oil_free")
    if "diabetes_poor_healing" in ticked:
        mods.append("gentle_check_skin")
    if "touch_hurts" in a["attack_symptoms"]:
        mods.append("between_attacks")
    return {"status": "modified" if mods else "suitable", "reasons": [], "modifications": mods}


def profile(a: dict[str, Any]) -> list[str]:
    symptoms = set(a["attack_symptoms"])
    both_senses = {"light_sensitivity", "noise_sensitivity"} <= symptoms
    labels = []
    one_sided = a["pain_location"] in ("one_side", "starts_in_neck")
    migraine_points = sum(
        [
            one_sided,
            a["pain_quality"] == "throbbing",
            a["pain_intensity"] in ("moderate", "severe"),
            a["worse_with_activity"] is True,
        ]
    )
    if (
        a["attack_count"] in ("five_to_nine", "ten_or_more")
        and a["attack_duration"] == "4_to_72_h"
        and migraine_points >= 2
        and ("nausea_vomiting" in symptoms or both_senses)
    ):
        labels.append("migraine_without_aura")
    if "typical_aura" in symptoms and a["attack_count"] != "one":
        labels.append("migraine_with_aura")
    tension_points = sum(
        [
            a["pain_location"] == "both_sides",
            a["pain_quality"] == "pressing",
            a["pain_intensity"] in ("mild", "moderate"),
            a["worse_with_activity"] is False,
        ]
    )
    if (
        a["attack_count"] == "ten_or_more"
        and a["attack_duration"] in ("30_min_to_4_h", "4_to_72_h", "3_to_7_days")
        and tension_points >= 2
        and "nausea_vomiting" not in symptoms
        and not both_senses
    ):
        labels.append("tension_type")
    return labels


def expected(a: dict[str, Any]) -> dict[str, Any]:
    """The SPEC's result for a complete answer set (fields of section 9 but answers/path).

    `priorities` is never read: what matters to a person changes no field here.
    """
    flag = _red_flag(a)
    if flag:
        urgency, triggers = flag
        return {
            "recommendation": "doctor",
            "urgency": urgency,
            "add_on": None,
            "alternative": None,
            "triggers": triggers,
            "options": None,
            "profile": None,
            "scores": None,
        }
    days, simple, triptan = a["headache_days"], a["simple_painkiller_days"], a["triptan_days"]
    chronic = days >= 15
    # Whatever the headache days; with 15 or more it is medication overuse instead.
    painkillers = (
        simple >= 15 or triptan >= 10 or (simple >= 1 and triptan >= 1 and simple + triptan >= 10)
    )
    overuse = chronic and painkillers
    midas = sum(a[q] for q in MIDAS)
    neck = bool(
        {"neck_pain", "neck_movement_triggers", "pressing_reproduces"} & set(a["neck_signs"])
    ) or (a["pain_location"] == "starts_in_neck")
    doctor_first = [
        name
        for name, hit in (
            ("not_diagnosed", not a["diagnosed"]),
            ("chronic_headache", chronic),
            ("medication_overuse", overuse),
            ("frequent_painkillers", painkillers and not overuse),
            ("midas_grade_4", midas >= 21),
            ("uncontrolled_blood_pressure", "uncontrolled_blood_pressure" in _ticked(a)),
        )
        if hit
    ]
    review_first = [
        name
        for name, hit in (
            ("first_attack", a["attack_count"] == "one"),
            ("began_with_neck_injury", "began_with_neck_injury" in a["neck_signs"]),
        )
        if hit
    ]
    dn, ms = dry_needling(a, neck), massage(a)
    therapy = (
        "dry_needling"
        if dn["status"] == "suitable"
        else "massage"
        if ms["status"] in ("suitable", "modified")
        else None
    )
    labels = (
        profile(a)
        + (["chronic_headache"] if chronic else [])
        + (["medication_overuse"] if overuse else [])
        + (["neck_component"] if neck else [])
    )
    out = {
        "options": {"dry_needling": dn, "massage": ms},
        "profile": labels,
        "scores": {"midas": midas},
    }
    if review_first:
        # Nothing alongside, and every reason to see the doctor is listed.
        out.update(
            recommendation="doctor",
            urgency="routine",
            add_on=None,
            alternative=None,
            triggers=review_first + doctor_first,
        )
    elif doctor_first:
        out.update(
            recommendation="doctor",
            urgency="routine",
            add_on=therapy,
            alternative=None,
            triggers=doctor_first,
        )
    elif therapy is None:
        out.update(
            recommendation="doctor",
            urgency="routine",
            add_on=None,
            alternative=None,
            triggers=["no_manual_option"],
        )
    else:
        alternative = (
            "massage" if therapy == "dry_needling" and ms["status"] != "excluded" else None
        )
        out.update(
            recommendation=therapy,
            urgency="none",
            add_on=None,
            alternative=alternative,
            triggers=[],
        )
    return out
