"""Bodies (the tenants), organisations, people with their roles, and API keys."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.business_ids import validate_inn, validate_ogrn


class Body(models.Model):
    """A government body or an authorised organisation: the tenant of the platform."""

    class Kind(models.TextChoices):
        FEDERAL = "federal", _("Федеральный орган")
        REGIONAL = "regional", _("Региональный орган")
        MUNICIPAL = "municipal", _("Орган местного самоуправления")
        FUND = "fund", _("Государственный внебюджетный фонд")
        MFC = "mfc", _("МФЦ")
        OTHER = "other", _("Уполномоченная организация")

    name = models.CharField(_("полное наименование"), max_length=300, unique=True)
    short_name = models.CharField(_("краткое наименование"), max_length=120)
    slug = models.SlugField(_("код"), max_length=60, unique=True)
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices, default=Kind.REGIONAL)
    region = models.CharField(_("регион"), max_length=120, blank=True)
    website = models.URLField(_("сайт"), blank=True)

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("орган")
        verbose_name_plural = _("органы")

    def __str__(self) -> str:
        return self.short_name


class Organisation(models.Model):
    """A business (legal person or individual entrepreneur) that a representative acts for."""

    name = models.CharField(_("наименование"), max_length=300)
    inn = models.CharField(_("ИНН"), max_length=12, unique=True, validators=[validate_inn])
    ogrn = models.CharField(
        _("ОГРН/ОГРНИП"), max_length=15, unique=True, validators=[validate_ogrn]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("организация")
        verbose_name_plural = _("организации")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Администратор платформы")
    BODY_ADMIN = "body_admin", _("Администратор органа")
    ANALYST = "analyst", _("Аналитик клиентского опыта")
    HEAD = "head", _("Руководитель органа / владелец услуги")
    CITIZEN = "citizen", _("Гражданин")
    BUSINESS = "business", _("Представитель бизнеса")
    CIVIL_SERVANT = "civil_servant", _("Госслужащий (внутренний клиент)")
    ANSWERER = "answerer", _("Специалист по обращениям")
    SHOPPER = "shopper", _("Тайный покупатель")
    SYSTEM = "system", _("Информационная система")


#: Roles that work inside a body and therefore must have one.
BODY_ROLES = {
    Role.BODY_ADMIN,
    Role.ANALYST,
    Role.HEAD,
    Role.CIVIL_SERVANT,
    Role.SYSTEM,
    Role.ANSWERER,
    Role.SHOPPER,
}
#: What each role may do: ``accounts.roles``.


class User(AbstractUser):
    """A person (or an integration system) using the platform.

    Login is by password for now; an external identity provider (ЕСИА, OIDC)
    links through ``ExternalIdentity`` rows, so adding one needs no data migration.
    """

    role = models.CharField(_("роль"), max_length=20, choices=Role.choices, default=Role.CITIZEN)
    #: The capacity a staff member acts in during this session, "staff" or "client"
    #: (``accounts.roles.Capacity``); set per request by ``CapacityMiddleware``, not stored.
    capacity: str = "staff"
    body = models.ForeignKey(
        Body,
        verbose_name=_("орган"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representatives",
    )
    middle_name = models.CharField(_("отчество"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        constraints = [
            models.CheckConstraint(
                name="body_role_has_body",
                condition=~Q(role__in=sorted(r.value for r in BODY_ROLES)) | Q(body__isnull=False),
            ),
            models.CheckConstraint(
                name="business_has_organisation",
                condition=~Q(role=Role.BUSINESS) | Q(organisation__isnull=False),
            ),
        ]

    @property
    def display_name(self) -> str:
        full = " ".join(p for p in [self.last_name, self.first_name, self.middle_name] if p)
        return full or self.username

    @property
    def is_platform_admin(self) -> bool:
        return self.role == Role.PLATFORM_ADMIN


class ExternalIdentity(models.Model):
    """A link from an external identity provider's subject to a user (ЕСИА, OIDC)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    provider = models.CharField(_("поставщик"), max_length=40)
    subject = models.CharField(_("идентификатор"), max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("внешняя учётная запись")
        verbose_name_plural = _("внешние учётные записи")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="unique_external_subject")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject}"


def hash_api_key(raw_key: str) -> str:
    """Keys are 256-bit random strings, so a plain SHA-256 is enough to store them."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


class Scope(models.TextChoices):
    """What a key may do: set by the body's administrator when the key is issued, so a
    system that only sends ratings cannot read appeals with their authors' contacts."""

    REGISTRY = "registry", _("Реестр: создавать, менять и публиковать жизненные ситуации")
    SEGMENTS = "segments", _("Сегменты и исследования органа")
    JOURNEYS = "journeys", _("Карты клиентского пути")
    APPEALS_SUBMIT = "appeals_submit", _("Передавать обращения и упоминания")
    APPEALS_READ = "appeals_read", _("Читать обращения органа с контактами авторов")
    #: Given only on purpose (not among a key's defaults): the system vouches that the
    #: author signed in through Госуслуги, so the appeal may join that client's history.
    APPEALS_IDENTIFIED = (
        "appeals_identified",
        _("Передавать СНИЛС автора обращения, подтверждённый входом через Госуслуги"),
    )
    READABILITY = "readability", _("Проверять понятность текста")
    RATINGS = "ratings", _("Передавать оценки, приглашения к оценке и объёмы обслуживания")
    LIFE_EVENTS = "life_events", _("Сообщать о жизненных событиях")
    STANDARDS = "standards", _("Проверки точек взаимодействия по стандарту")
    INDICATORS = "indicators", _("Читать показатели органа")


class ApiKeyQuerySet(models.QuerySet["ApiKey"]):
    def active(self) -> ApiKeyQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A key with which an integration system calls the API, scoped to the system's body."""

    system = models.ForeignKey(
        User,
        verbose_name=_("информационная система"),
        on_delete=models.PROTECT,
        related_name="api_keys",
        limit_choices_to={"role": Role.SYSTEM},
    )
    name = models.CharField(_("название ключа"), max_length=120)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    #: The last day the key works (in the product's time zone); keys issued before expiry
    #: dates existed have none.
    expires_on = models.DateField(_("действует по"), null=True, blank=True)
    scopes = models.JSONField(_("права ключа"), default=list, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ключ API")
        verbose_name_plural = _("ключи API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and timezone.localdate() > self.expires_on

    @property
    def expires_soon(self) -> bool:
        """Within a month of its last day: time to issue the system a new key."""
        return (
            self.expires_on is not None
            and not self.is_expired
            and (self.expires_on - timezone.localdate()).days < 30
        )

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    @property
    def scope_labels(self) -> list[str]:
        return [str(Scope(s).label) for s in Scope.values if s in self.scopes]
