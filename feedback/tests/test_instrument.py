import pytest
from django.core.exceptions import ValidationError

from feedback import instrument


def test_full_answers_are_kept_in_codebook_order():  # R19
    a = instrument.check(
        csat="2", ces=3, loyal="нет", drivers=["queue", "time", "queue"], comment="  долго  "
    )
    assert (a.csat, a.ces, a.loyal, a.comment) == (2, 3, False, "долго")
    assert a.drivers == ("time", "queue")
    assert instrument.drivers_from_mask(a.drivers_mask) == ("time", "queue")


@pytest.mark.parametrize("bad", [0, 6, "пять", None, 2.5, True])
def test_headline_score_outside_the_scale_names_the_field(bad):
    with pytest.raises(ValidationError) as exc:
        instrument.check(csat=bad)
    assert "csat" in exc.value.message_dict


def test_unknown_driver_and_control_outside_an_office_are_refused():
    with pytest.raises(ValidationError) as exc:
        instrument.check(csat=3, drivers=["rudeness"], control={"courtesy": 5})
    assert set(exc.value.message_dict) == {"drivers", "control"}
    assert "rudeness" in exc.value.message_dict["drivers"][0]


def test_control_criteria_in_an_office():
    a = instrument.check(csat=4, control={"comfort": 2, "courtesy": "5"}, in_person=True)
    assert a.control == (("courtesy", 5), ("comfort", 2))


def test_the_short_form_maps_onto_the_same_codebook():
    short = instrument.check(csat=2, drivers=["staff"])
    assert short.is_short and short.drivers == ("staff",)


def test_overlong_comment_is_refused():
    with pytest.raises(ValidationError) as exc:
        instrument.check(csat=3, comment="а" * (instrument.COMMENT_MAX + 1))
    assert "comment" in exc.value.message_dict
