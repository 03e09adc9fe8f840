"""Intake scores: NPRS summary, PSFS and the irritability band, on partial and odd answers."""

import json

import pytest

from clinic.intake.scoring import irritability, nprs_summary, psfs, score


def activities(*scores):
    return [{"activity": f"activity {i}", "score": s} for i, s in enumerate(scores, start=1)]


# --- NPRS -------------------------------------------------------------------------------------


def test_nprs_summary_reports_each_rating_and_their_average():
    summary = nprs_summary({"pain_now": 5, "pain_best": 2, "pain_worst": 8})

    assert summary == {"now": 5, "best": 2, "worst": 8, "average": 5.0, "consistent": True}


def test_nprs_summary_of_no_answers_is_all_none():
    assert nprs_summary({}) == {
        "now": None, "best": None, "worst": None, "average": None, "consistent": None,
    }  # fmt: skip


def test_nprs_average_uses_only_the_ratings_given():
    summary = nprs_summary({"pain_now": 3, "pain_worst": 6})

    assert summary["average"] == 4.5
    assert summary["best"] is None
    assert summary["consistent"] is None


def test_nprs_average_rounds_halves_up_to_one_decimal():
    assert nprs_summary({"pain_now": 1, "pain_best": 0, "pain_worst": 1})["average"] == 0.7
    assert nprs_summary({"pain_now": 0, "pain_best": 0, "pain_worst": 1})["average"] == 0.3


def test_nprs_accepts_both_ends_of_the_scale():
    summary = nprs_summary({"pain_now": 0, "pain_best": 0, "pain_worst": 10})

    assert (summary["now"], summary["worst"], summary["average"]) == (0, 10, 3.3)


def test_best_above_worst_is_kept_as_given_but_marked_inconsistent():
    summary = nprs_summary({"pain_now": 4, "pain_best": 7, "pain_worst": 3})

    assert (summary["best"], summary["worst"]) == (7, 3)
    assert summary["average"] == 4.7
    assert summary["consistent"] is False


def test_pain_now_above_the_weeks_worst_is_marked_inconsistent():
    assert nprs_summary({"pain_now": 9, "pain_best": 2, "pain_worst": 6})["consistent"] is False


@pytest.mark.parametrize("bad", [-1, 11, "7", 7.5, True, None, [7]])
def test_nprs_ignores_ratings_that_are_not_whole_numbers_from_0_to_10(bad):
    summary = nprs_summary({"pain_now": bad, "pain_worst": 6})

    assert summary["now"] is None
    assert summary["average"] == 6.0


# --- PSFS -------------------------------------------------------------------------------------


def test_psfs_without_activities_has_no_average():
    assert psfs({}) == {"activities": [], "count": 0, "average": None}
    assert psfs({"psfs": None})["average"] is None
    assert psfs({"psfs": []})["average"] is None


def test_psfs_with_three_activities_averages_them():
    result = psfs({"psfs": activities(2, 5, 6)})

    assert result["count"] == 3
    assert result["average"] == 4.3
    assert result["activities"][0] == {"name": "activity 1", "score": 2}


def test_psfs_with_five_activities_averages_all_five():
    result = psfs({"psfs": activities(0, 10, 3, 4, 8)})

    assert result["count"] == 5
    assert result["average"] == 5.0


def test_psfs_rounds_the_average_half_up():
    assert psfs({"psfs": activities(1, 2, 2, 2)})["average"] == 1.8  # 1.75
    assert psfs({"psfs": activities(0, 0, 0, 1)})["average"] == 0.3  # 0.25


def test_psfs_of_all_zeros_is_zero_not_none():
    assert psfs({"psfs": activities(0, 0, 0)})["average"] == 0.0


def test_psfs_leaves_out_incomplete_or_odd_items():
    items = [
        {"activity": "Climbing stairs", "score": 4},
        {"activity": "  ", "score": 5},
        {"activity": "Gardening", "score": 11},
        {"activity": "Running"},
        {"name": "Lifting my child", "score": 6},
        ("Driving", 8),
        "nonsense",
    ]

    result = psfs({"psfs": items})

    assert [a["name"] for a in result["activities"]] == [
        "Climbing stairs", "Lifting my child", "Driving",
    ]  # fmt: skip
    assert result["average"] == 6.0


def test_psfs_ignores_an_answer_that_is_not_a_list():
    assert psfs({"psfs": "climbing stairs 4"})["count"] == 0


# --- Irritability -----------------------------------------------------------------------------


def intake(worst, flare, settle, **more):
    return {"pain_worst": worst, "flare_ease": flare, "settle_time": settle, **more}


@pytest.mark.parametrize(
    ("worst", "flare", "settle", "band"),
    [
        (7, "little_activity", "minutes", "high"),
        (7, "lot_of_activity", "hours", "high"),
        (10, "moderate_activity", "day_or_more", "high"),
        (6, "little_activity", "day_or_more", "moderate"),
        (7, "lot_of_activity", "minutes", "moderate"),
        (7, "moderate_activity", "minutes", "moderate"),
        (4, "lot_of_activity", "minutes", "low"),
        (0, "lot_of_activity", "minutes", "low"),
        (5, "lot_of_activity", "minutes", "moderate"),
        (4, "moderate_activity", "minutes", "moderate"),
        (4, "lot_of_activity", "hours", "moderate"),
    ],
)
def test_irritability_bands_at_their_boundaries(worst, flare, settle, band):
    assert irritability(intake(worst, flare, settle)) == band


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"pain_worst": 8, "flare_ease": "little_activity"},
        {"pain_worst": 8, "settle_time": "day_or_more"},
        {"flare_ease": "little_activity", "settle_time": "day_or_more"},
        intake(8, "sometimes", "day_or_more"),
        intake(8, "little_activity", "a_week"),
        intake("8", "little_activity", "day_or_more"),
    ],
)
def test_irritability_needs_pain_flare_and_settle_answers(answers):
    assert irritability(answers) is None


def test_irritability_falls_back_on_the_highest_rating_when_worst_is_missing():
    answers = {"pain_now": 8, "flare_ease": "little_activity", "settle_time": "minutes"}
    assert irritability(answers) == "high"


def test_irritability_uses_pain_now_when_it_is_above_the_reported_worst():
    assert irritability(intake(3, "lot_of_activity", "minutes", pain_now=7)) == "moderate"


# --- Together ---------------------------------------------------------------------------------


def test_score_combines_every_measure_and_survives_json():
    answers = {
        **intake(8, "little_activity", "hours", pain_now=6, pain_best=3),
        "psfs": activities(3, 4, 2),
    }

    scores = score(answers)

    assert scores["irritability"] == "high"
    assert scores["nprs"]["average"] == 5.7
    assert scores["psfs"]["average"] == 3.0
    assert json.loads(json.dumps(scores)) == scores


def test_score_of_an_empty_intake_is_all_none():
    assert score({}) == {
        "nprs": nprs_summary({}),
        "psfs": {"activities": [], "count": 0, "average": None},
        "irritability": None,
    }
