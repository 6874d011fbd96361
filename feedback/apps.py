from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Оценки и обратная связь")

    def ready(self) -> None:
        """What the published results show (ADR 0014): points, «Вы сказали — мы сделали»,
        volumes, and the aggregates when a row is saved one by one. The rollup and an
        exclusion write in bulk and bump themselves; a new rating changes nothing public
        until the rollup adds it."""
        from feedback.models import Change, MonthlyAggregate, MonthlyMarginal, RatingPoint, Volume
        from lib.public_cache import bump_on_writes

        bump_on_writes([RatingPoint, Change, Volume, MonthlyAggregate, MonthlyMarginal], "ratings")
