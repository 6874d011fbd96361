"""Proactive delivery (R15–R17): consents, life events from other systems, and the offers
prepared from the state's data, each with the reasons behind its decision."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lib import phones
from lib import snils as snils_lib


class Channel(models.TextChoices):
    CABINET = "cabinet", _("Личный кабинет")
    API = "api", _("Информационная система")
    MFC = "mfc", _("МФЦ")


class ClientProfileQuerySet(models.QuerySet["ClientProfile"]):
    def verified(self) -> ClientProfileQuerySet:
        """Profiles whose СНИЛС a trusted source confirmed: only these reach the state's data."""
        return self.filter(snils_verified_at__isnull=False)


class ClientProfile(models.Model):
    """How the state's systems know a client (СНИЛС) and how the client wants to be told.

    A СНИЛС the client typed is a claim, not an identity: until a trusted source confirms it
    (the identity provider's claims, or an operator who saw the passport) it unlocks no
    registry fact, no event and no offer. Several accounts may claim one number, so the
    form never tells anyone that a number belongs to somebody else; only one account may
    hold it confirmed."""

    class Verification(models.TextChoices):
        IDP = "idp", _("Поставщик идентификации (Госуслуги)")
        OPERATOR = "operator", _("Оператор по паспорту")

    class Notify(models.TextChoices):
        EMAIL = "email", _("Электронная почта")
        SMS = "sms", _("СМС")
        PUSH = "push", _("Уведомление в приложении")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_profile"
    )
    #: Empty for a business: the state knows it by its organisation's ИНН and ОГРН.
    snils = models.CharField(_("СНИЛС"), max_length=11, blank=True)
    snils_verified_at = models.DateTimeField(_("СНИЛС подтверждён"), null=True, blank=True)
    snils_verified_via = models.CharField(
        _("кем подтверждён"), max_length=10, choices=Verification.choices, blank=True
    )
    snils_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    phone = models.CharField(_("телефон"), max_length=20, blank=True)
    notify_by = models.CharField(
        _("как сообщать"), max_length=10, choices=Notify.choices, default=Notify.EMAIL
    )

    objects = ClientProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("профиль клиента")
        verbose_name_plural = _("профили клиентов")
        constraints = [
            models.UniqueConstraint(
                fields=["snils"],
                condition=Q(snils_verified_at__isnull=False),
                name="one_account_per_verified_snils",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.masked_snils})"

    @property
    def masked_snils(self) -> str:
        """For pages that need to tell clients apart, not to identify them."""
        return snils_lib.masked(self.snils) if self.snils else ""

    @property
    def notify_label(self) -> str:
        """How the client is told, as the cabinet says it: «СМС на +7 916 ***-**-67»."""
        if self.notify_by == self.Notify.SMS and self.phone:
            return str(_("СМС на {phone}")).format(phone=phones.masked(self.phone))
        if self.notify_by == self.Notify.SMS:
            return str(_("СМС (номер не указан)"))
        return str(self.get_notify_by_display()).lower()

    @property
    def is_verified(self) -> bool:
        return self.snils_verified_at is not None


class ConsentQuerySet(models.QuerySet["Consent"]):
    def valid(self) -> ConsentQuerySet:
        return self.filter(revoked_at__isnull=True)

    def covering(self, *, life_situation_id: int, service_id: int | None = None) -> ConsentQuerySet:
        """Valid consents for the whole life situation, or for this single service (R15)."""
        condition = Q(life_situation_id=life_situation_id)
        if service_id is not None:
            condition |= Q(service_id=service_id)
        return self.valid().filter(condition)


class Consent(models.Model):
    """Consent to proactive delivery for all services of a life situation or one service."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consents"
    )
    life_situation = models.ForeignKey(
        "registry.LifeSituation",
        verbose_name=_("жизненная ситуация"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    service = models.ForeignKey(
        "registry.Service",
        verbose_name=_("услуга"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    given_at = models.DateTimeField(default=timezone.now)
    given_via = models.CharField(max_length=10, choices=Channel.choices)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_via = models.CharField(max_length=10, choices=Channel.choices, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("согласие")
        verbose_name_plural = _("согласия")
        constraints = [
            models.CheckConstraint(
                name="consent_for_situation_or_service",
                condition=(Q(life_situation__isnull=False) & Q(service__isnull=True))
                | (Q(life_situation__isnull=True) & Q(service__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["client", "life_situation"],
                condition=Q(revoked_at__isnull=True, life_situation__isnull=False),
                name="one_valid_consent_per_situation",
            ),
            models.UniqueConstraint(
                fields=["client", "service"],
                condition=Q(revoked_at__isnull=True, service__isnull=False),
                name="one_valid_consent_per_service",
            ),
        ]

    def __str__(self) -> str:
        return str(self.life_situation or self.service)

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


def where_to_tell(client: Any, profile: ClientProfile | None) -> tuple[str, str]:
    """The channel and where to for telling ``client`` (R24): what the profile chose; an
    SMS client without a phone (profiles from before the phone was asked) by mail, or by
    push when the account has no e-mail either — never nowhere."""
    channel = profile.notify_by if profile else ClientProfile.Notify.EMAIL
    if channel == ClientProfile.Notify.SMS and not (profile and profile.phone):
        channel = ClientProfile.Notify.EMAIL
    if channel == ClientProfile.Notify.EMAIL and not (client.email or "").strip():
        channel = ClientProfile.Notify.PUSH
    to = {"email": client.email, "sms": profile.phone if profile else "", "push": str(client.pk)}
    return str(channel), to[channel]


#: An event kind's code, as systems send it: «birth_registered».
KIND_CODE = RegexValidator(
    r"^[a-z][a-z0-9_]{2,29}$",
    _("Код: от 3 до 30 строчных латинских букв, цифр и «_», начиная с буквы."),
)


class EventSource(models.Model):
    """A kind of life event the body is the source of: its systems may report only these.

    Set by the body's administrator. Without it any key could report any kind of event
    (a social fund reporting a lost job), and start services on someone's behalf."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("событие"), max_length=30)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "kind"], name="one_event_source")]

    def __str__(self) -> str:
        return f"{self.body_id}:{self.kind}"


class Trigger(models.Model):
    """A kind of life event other systems report, and the life situation it starts (R16:
    the client is assigned to it): the start events of the registry's life situations.
    The body that owns the life situation names the event and its code in the browser
    (``services.trigger_save``); the kinds are data, not a list in code."""

    kind = models.CharField(_("код события"), max_length=30, unique=True, validators=[KIND_CODE])
    title = models.CharField(_("событие"), max_length=200)
    life_situation = models.ForeignKey(
        "registry.LifeSituation",
        verbose_name=_("жизненная ситуация"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        verbose_name = _("стартовое событие")
        verbose_name_plural = _("стартовые события")

    def __str__(self) -> str:
        return f"{self.title} → {self.life_situation}"


class LifeEvent(models.Model):
    """A life event reported by an information system; processed once, idempotently."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Ждёт обработки")
        PROCESSING = "processing", _("Обрабатывается")
        DONE = "done", _("Обработано")
        NO_CONSENT = "no_consent", _("Нет согласия: ничего не предложено")
        UNKNOWN_CLIENT = "unknown_client", _("Клиент не найден")

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+")
    system = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("событие"), max_length=30)
    #: Whom the event is about: a person by СНИЛС, or a business by its ИНН — one of the two.
    snils = models.CharField(_("СНИЛС"), max_length=11, blank=True)
    inn = models.CharField(_("ИНН"), max_length=12, blank=True)
    occurred_on = models.DateField(_("дата события"))
    details = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    #: Which claim holds the event: a batch is claimed in one update (``lib.claim``).
    claim_token = models.CharField(max_length=32, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="life_events",
    )
    life_situation = models.ForeignKey(
        "registry.LifeSituation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    segment = models.ForeignKey(
        "segments.Segment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: Why the client was placed in ``segment``: each matching attribute, its value and the
    #: registry it came from (``segmenting.why``), shown on the client's own pages.
    segment_why = models.JSONField(default=list, blank=True)
    #: The first report of what happened (R16, R17): a body reports a person's or a
    #: business's event of one kind on one date once. A retry of the same event under a
    #: fresh Idempotency-Key is answered with this one (``services.event_receive``). False
    #: only for repeats stored before the platform recognised them (migration 0010).
    first_report = models.BooleanField(default=True)

    #: Set by ``services.event_receive`` on the event it returns: True when the report
    #: repeated one already stored (nothing new was stored). Not a column.
    already_known = False

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["status", "claimed_at"])]
        constraints = [
            models.CheckConstraint(
                name="life_event_about_a_person_or_a_business",
                condition=(Q(snils="") & ~Q(inn="")) | (~Q(snils="") & Q(inn="")),
            ),
            models.UniqueConstraint(
                fields=["body", "kind", "snils", "inn", "occurred_on"],
                condition=Q(first_report=True),
                name="one_report_of_a_life_event_per_body",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_on}"

    @property
    def about_business(self) -> bool:
        return bool(self.inn)


class IdempotencyKey(models.Model):
    """The first answer to a request with an ``Idempotency-Key`` (IETF draft), per system."""

    system = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["system", "key"], name="one_idempotency_key_per_system")
        ]

    def __str__(self) -> str:
        return f"{self.system_id}:{self.key}"


class Offer(models.Model):
    """A service prepared for a client from the state's data (R16) — or refused with every
    reason and what to do (R17)."""

    class Status(models.TextChoices):
        READY = "ready", _("Готово: подтвердите")
        #: A function (R2, seed 000: the result without an application): decided, nothing
        #: to confirm; the client is told the result and how to contest it.
        GRANTED = "granted", _("Назначено без заявления")
        FORM = "form", _("Нужно заполнить короткую форму")
        REFUSED = "refused", _("Сейчас нельзя: объясняем почему")
        #: A service of the situation no rule decides yet (R16: never a silent skip): the
        #: client is shown where and how to apply in the ordinary way, with the documents.
        APPLY = "apply", _("Подайте заявление обычным порядком")
        CONFIRMED = "confirmed", _("Подтверждено")
        DECLINED = "declined", _("Отказались")
        WITHDRAWN = "withdrawn", _("Отозвано: согласие отозвано")

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="offers"
    )
    event = models.ForeignKey(LifeEvent, on_delete=models.PROTECT, related_name="offers")
    life_situation = models.ForeignKey(
        "registry.LifeSituation", on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey("registry.Service", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)
    summary = models.CharField(_("что предлагаем"), max_length=300)
    reasons = models.JSONField(default=list)
    form_fields = models.JSONField(default=list, blank=True)
    form_answers = models.JSONField(default=dict, blank=True)
    rule = models.CharField(max_length=80)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    #: Who answered, when it was not the client: their representative (``Representation``).
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "id"]
        # the indicators count a body's offers of a quarter (``offers_by_quarter``)
        indexes = [models.Index(fields=["service", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "service"], name="one_offer_per_event_and_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FORM)


class StateRecord(models.Model):
    """Seeded data of the demo state registries, read by the demo adapters only; a real
    connector (an СМЭВ request) replaces the adapter, not the engine (R16)."""

    class Source(models.TextChoices):
        CIVIL = "civil_registry", _("ЕГР ЗАГС")
        PENSION = "pension_fund", _("Социальный фонд России")
        TAX = "tax", _("ФНС России")
        POPULATION = "population", _("Федеральный регистр населения")

    source = models.CharField(max_length=20, choices=Source.choices)
    snils = models.CharField(max_length=11, db_index=True)
    name = models.CharField(max_length=60)
    value = models.JSONField()
    as_of = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "snils", "name"], name="one_state_fact")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.snils}:{self.name}"


class BookingQuerySet(models.QuerySet["Booking"]):
    def active(self) -> BookingQuerySet:
        """Bookings not cancelled."""
        return self.filter(cancelled_at__isnull=True)


class Booking(models.Model):
    """An in-person visit the client booked when the scenario needs one (a document to
    bring, an appeal, a service that cannot be done remotely). One active booking per
    offer; a cancelled one frees its slot and is kept for the record."""

    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="bookings")
    touchpoint = models.ForeignKey(
        "registry.Touchpoint", on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("время приёма"))
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(_("отменена"), null=True, blank=True)
    #: Who chose the current place and time, or cancelled, when it was not the client:
    #: their representative (``Representation``).
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The last move (another day, time or office), and who made it when not the client.
    moved_at = models.DateTimeField(null=True, blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["touchpoint", "starts_at"],
                condition=Q(cancelled_at__isnull=True),
                name="one_visitor_per_slot",
            ),
            models.UniqueConstraint(
                fields=["offer"],
                condition=Q(cancelled_at__isnull=True),
                name="one_active_booking_per_offer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.touchpoint}, {self.when}"

    @property
    def local_start(self) -> dt.datetime:
        """The start in the office's own time zone."""
        return self.starts_at.astimezone(ZoneInfo(self.touchpoint.time_zone))

    @property
    def when(self) -> str:
        """«четверг, 12 марта 2026, 10:00 (Якутское время (МСК+6))», in the page's language."""
        return visit_time_label(self.local_start, self.touchpoint.get_time_zone_display())


def visit_time_label(local: dt.datetime, zone: str) -> str:
    """The weekday in lower case in Russian («среда, 9 декабря»), as it stands mid-sentence;
    capitalised in English."""
    weekday = date_format(local.date(), "l")
    if (get_language() or "ru").startswith("ru"):
        weekday = weekday.lower()
    return "{weekday}, {day}, {time} ({zone})".format(
        weekday=weekday, day=date_format(local.date(), "j E Y"), time=f"{local:%H:%M}", zone=zone
    )


class RepresentationQuerySet(models.QuerySet["Representation"]):
    def active(self) -> RepresentationQuerySet:
        return self.filter(revoked_at__isnull=True)


class Representation(models.Model):
    """A client lets another person act for them in chosen life situations (001: a client
    acts «самостоятельно или через представителя»): a parent, a guardian, a trusted
    person. The client addresses it to a СНИЛС — nobody is looked up, so nobody learns
    whose number it is — and the person whose confirmed number it is sees the invitation
    and accepts it; only then may they act, and only then does the client see their name.
    The representative answers the client's offers in those situations from their own
    cabinet; every such action is audited with both names."""

    class Kind(models.TextChoices):
        PARENT = "parent", _("Родитель")
        GUARDIAN = "guardian", _("Опекун или попечитель")
        TRUSTED = "trusted", _("Доверенное лицо")

    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("за кого"),
        on_delete=models.PROTECT,
        related_name="representatives_given",
    )
    #: The СНИЛС the client addressed it to; the account holding it confirmed may accept.
    representative_snils = models.CharField(_("СНИЛС представителя"), max_length=11)
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("представитель"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representations",
    )
    accepted_at = models.DateTimeField(_("принято"), null=True, blank=True)
    kind = models.CharField(_("кем приходится"), max_length=10, choices=Kind.choices)
    life_situations = models.ManyToManyField(
        "registry.LifeSituation", verbose_name=_("жизненные ситуации"), related_name="+"
    )
    created_at = models.DateTimeField(_("дано"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("отозвано"), null=True, blank=True)

    objects = RepresentationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["principal", "representative_snils"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_representation_per_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(principal=models.F("representative")),
                name="representation_not_of_oneself",
            ),
        ]

    def __str__(self) -> str:
        return f"представитель {self.masked_snils} за {self.principal}"

    @property
    def masked_snils(self) -> str:
        return snils_lib.masked(self.representative_snils)

    def covers(self, life_situation_id: int | None) -> bool:
        return (
            self.revoked_at is None
            and self.accepted_at is not None
            and any(ls.pk == life_situation_id for ls in self.life_situations.all())
        )
