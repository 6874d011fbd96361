from django.apps import AppConfig


class StandardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "standards"
    verbose_name = "Стандарты точек взаимодействия"

    def ready(self) -> None:
        """A finished check changes the place's public page (ADR 0014)."""
        from lib.public_cache import bump_on_writes

        bump_on_writes([self.get_model("Check")], "registry")
