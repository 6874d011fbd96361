"""The figures defined once (feedback.figures): every summed column, and what a group's
sums mean."""

from feedback import figures, instrument
from feedback.models import MonthlyAggregate


def test_aggregate_columns_follow_the_codebook():  # R19: one instrument, one place
    columns = {f.name for f in MonthlyAggregate._meta.get_fields()}
    assert set(figures.SUM_FIELDS) <= columns
    assert {f"d_{c}" for c in instrument.DRIVER_CODES} <= set(figures.SUM_FIELDS)
    assert {f"c_{c}_n" for c in instrument.CONTROL_CODES} <= set(figures.SUM_FIELDS)


def test_figures_come_from_the_sums_and_hide_a_small_group_when_published():  # R20
    sums = dict.fromkeys(figures.SUM_FIELDS, 0)
    sums.update(n=9, csat_sum=36, csat_sq=144, satisfied=9, loyal_n=4, loyal_yes=3, d_queue=2)
    group = figures.Figures("vyplata", sums)
    assert (group.csat.mean, group.satisfied.share, group.loyalty.share) == (4.0, 1.0, 0.75)
    assert group.drivers == [("queue", "Долго ждал в очереди", 2)]
    assert group.as_dict()["csat"] == 4.0 and group.suppressed
    assert group.as_dict(publish=True) == {
        "key": "vyplata", "label": "", "n": None, "suppressed": True
    }  # fmt: skip
