from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "inbox"
    verbose_name = "Обращения и ответы"

    def ready(self) -> None:
        from inbox.services import policy_for
        from readability.checker import thresholds_provider

        # A body's readability thresholds (R23) are kept with its answer rules; the
        # registry's texts for citizens are checked by them too.
        thresholds_provider(lambda body_id: policy_for(body_id).thresholds())
