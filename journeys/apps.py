from django.apps import AppConfig


class JourneysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "journeys"
    verbose_name = "Карты клиентского пути"

    def ready(self) -> None:
        """A map's change renews the public pages that show published maps (ADR 0014)."""
        from lib.public_cache import bump_on_writes
        from segments.models import Segment

        bump_on_writes(self.get_models(), "journeys")
        bump_on_writes([Segment], "journeys")  # a published map names its segment
