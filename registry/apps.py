from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Реестр жизненных ситуаций")

    def ready(self) -> None:
        """Every write of the registry renews the public pages that show it (ADR 0014)."""
        from lib.public_cache import bump_on_writes

        bump_on_writes(self.get_models(), "registry")
