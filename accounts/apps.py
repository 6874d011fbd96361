from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Органы, пользователи и роли")

    def ready(self) -> None:
        """A body's name is on every public page (ADR 0014); a key, its system and its
        body are read from the shared cache by the API and dropped from it when they
        change (``services.api_key_forget``)."""
        from django.db.models.signals import post_delete, post_migrate, post_save

        from accounts.models import ApiKey, Body, User
        from lib.public_cache import SCOPES, bump_all, bump_on_writes

        bump_on_writes([Body], *SCOPES)
        # A deploy's migrations (data ones send no model signals) and its new templates
        # and translations: every public page is rendered afresh.
        post_migrate.connect(
            lambda **_kwargs: bump_all(), weak=False, dispatch_uid="kc-public-cache:migrate"
        )

        def key_changed(instance: ApiKey, **_kwargs: Any) -> None:
            from accounts.services import api_key_forget

            api_key_forget([instance.key_hash])

        def owner_changed(instance: User | Body, **_kwargs: Any) -> None:
            from accounts.models import Role
            from accounts.services import api_key_forget

            if isinstance(instance, User) and instance.role != Role.SYSTEM:
                return  # only systems hold keys: a sign-in (last_login) costs no query

            keys = (
                ApiKey.objects.filter(system=instance)
                if isinstance(instance, User)
                else ApiKey.objects.filter(system__body=instance)
            )
            api_key_forget(list(keys.values_list("key_hash", flat=True)))

        for model, handler in ((ApiKey, key_changed), (User, owner_changed), (Body, owner_changed)):
            uid = f"kc-apikey-cache:{model._meta.label}"
            post_save.connect(handler, sender=model, weak=False, dispatch_uid=uid + ":save")
            post_delete.connect(handler, sender=model, weak=False, dispatch_uid=uid + ":delete")
