"""Ratings (R18–R21): rating points with short links, invitations, the ratings themselves,
monthly aggregates kept up by the rollup, volumes served, cases opened by low scores,
"you said — we did" entries, webhooks, and the per-address rate-limit buckets."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Body
from registry.models import ClientKind as ClientKind  # the forms read it here
from registry.models import LifeSituation, Service, Touchpoint


class Channel(models.TextChoices):
    LINK = "link", _("Страница по ссылке")
    QR = "qr", _("QR-код")
    WIDGET = "widget", _("Виджет на сайте")
    KIOSK = "kiosk", _("Киоск в офисе")
    OPERATOR = "operator", _("Оператор колл-центра")
    API = "api", _("Другая система (API)")


class Verdict(models.TextChoices):
    """How sure we are a person rated (recorded on every rating)."""

    VERIFIED = "verified", _("Подтверждена приглашением")
    TRUSTED = "trusted", _("От сотрудника или системы органа")
    CHALLENGE = "challenge", _("Прошла проверку ALTCHA")
    HONEYPOT = "honeypot", _("Заполнено поле-ловушка: вероятно, бот")


def _subject_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        name=name,
        condition=(Q(service__isnull=False) & Q(life_situation__isnull=True))
        | (Q(service__isnull=True) & Q(life_situation__isnull=False)),
        violation_error_message=_("Оценивается либо услуга, либо жизненная ситуация."),
    )


class RatedSubject:
    """For models that point at a service or a whole life situation (one of the two)."""

    service: Service | None
    life_situation: LifeSituation | None

    @property
    def subject_title(self) -> str:
        subject = self.service or self.life_situation
        return str(subject.title) if subject else ""


class RatingPoint(RatedSubject, models.Model):
    """What a short link, a QR code, a widget or a kiosk rates: one subject, maybe at one
    touchpoint (an office, a window, a site)."""

    code = models.SlugField(_("код короткой ссылки"), max_length=16, unique=True)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="rating_points")
    service = models.ForeignKey(
        Service, verbose_name=_("услуга"), null=True, blank=True, on_delete=models.PROTECT
    )
    life_situation = models.ForeignKey(
        LifeSituation,
        verbose_name=_("жизненная ситуация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    touchpoint = models.ForeignKey(
        Touchpoint,
        verbose_name=_("точка взаимодействия"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    place = models.CharField(_("окно, кабинет"), max_length=100, blank=True)
    client_kind = models.CharField(
        _("кто оценивает"), max_length=10, choices=ClientKind.choices, default=ClientKind.CITIZEN
    )
    is_active = models.BooleanField(_("принимает оценки"), default=True)
    #: The sites that may show this point's widget (clickjacking: CSP frame-ancestors),
    #: one origin a line, as ``services.frame_origins_clean`` keeps them.
    frame_origins = models.TextField(
        _("сайты, на которых можно показывать виджет"),
        blank=True,
        help_text=_(
            "По одному адресу в строке, например https://minsoc.example.ru. "
            "На других сайтах виджет не откроется."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["body_id", "id"]
        constraints = [_subject_constraint("rating_point_one_subject")]

    def __str__(self) -> str:
        return f"{self.subject_title} — {self.touchpoint or _('любой канал')}"

    @property
    def frame_origin_list(self) -> list[str]:
        return self.frame_origins.split()

    @property
    def in_person(self) -> bool:
        return bool(self.touchpoint and self.touchpoint.kind in Touchpoint.IN_PERSON_KINDS)


class Invitation(models.Model):
    """A one-time link a system asks for after delivering a service; its rating is verified."""

    token_hash = models.CharField(max_length=64, unique=True)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="rating_invitations")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT)
    life_situation = models.ForeignKey(
        LifeSituation, null=True, blank=True, on_delete=models.PROTECT
    )
    touchpoint = models.ForeignKey(Touchpoint, null=True, blank=True, on_delete=models.PROTECT)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Только если клиент дал согласие связать оценку с собой."),
    )
    segment = models.ForeignKey(
        "segments.Segment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    external_id = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [_subject_constraint("invitation_one_subject")]
        #: The platform's own invitations are found by what they were for (``inbox:…``,
        #: ``proactive:…``) at every delivery, and the recently used ones by the runner's
        #: ``inbox.answer_ratings`` job.
        indexes = [
            models.Index(fields=["external_id"], name="feedback_invitation_ext_idx"),
            models.Index(fields=["used_at"], name="feedback_invitation_used_idx"),
        ]

    def __str__(self) -> str:
        return f"invitation #{self.pk}"


class Rating(RatedSubject, models.Model):
    """One answer to the instrument. Never deleted; a moderator may exclude it (audited)."""

    instrument = models.CharField(max_length=10)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="ratings")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="ratings"
    )
    life_situation = models.ForeignKey(
        LifeSituation, null=True, blank=True, on_delete=models.PROTECT, related_name="ratings"
    )
    touchpoint = models.ForeignKey(
        Touchpoint, null=True, blank=True, on_delete=models.PROTECT, related_name="ratings"
    )
    point = models.ForeignKey(RatingPoint, null=True, blank=True, on_delete=models.PROTECT)
    channel = models.CharField(_("канал"), max_length=10, choices=Channel.choices)
    client_kind = models.CharField(max_length=10, choices=ClientKind.choices)
    csat = models.PositiveSmallIntegerField(_("удовлетворённость"))
    ces = models.PositiveSmallIntegerField(_("лёгкость"), null=True, blank=True)
    loyal = models.BooleanField(_("воспользуется снова"), null=True, blank=True)
    drivers = models.PositiveIntegerField(_("причины (битовая маска кодов)"), default=0)
    control = models.JSONField(_("«Ваш контроль»"), default=dict, blank=True)
    comment = models.TextField(_("комментарий"), blank=True)
    tone = models.SmallIntegerField(_("тональность"), default=0)
    language = models.CharField(max_length=8, default="ru")
    contact_email = models.EmailField(_("адрес для ответа"), blank=True)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    segment = models.ForeignKey(
        "segments.Segment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.PROTECT, related_name="rating"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(_("проверка"), max_length=10, choices=Verdict.choices)
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    excluded = models.BooleanField(_("исключена модератором"), default=False)
    excluded_reason = models.CharField(max_length=300, blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    excluded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    #: Added into ``MonthlyAggregate`` by the rollup (exactly once).
    rolled = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            _subject_constraint("rating_one_subject"),
            models.CheckConstraint(name="rating_csat_1_5", condition=Q(csat__gte=1, csat__lte=5)),
            models.CheckConstraint(
                name="rating_ces_1_5",
                condition=Q(ces__isnull=True) | Q(ces__gte=1, ces__lte=5),
            ),
        ]
        indexes = [
            models.Index(fields=["id"], name="rating_not_rolled", condition=Q(rolled=False)),
            models.Index(fields=["body", "-created_at"], name="rating_body_recent"),
        ]

    def __str__(self) -> str:
        return f"rating #{self.pk}: {self.csat}"

    @property
    def counts(self) -> bool:
        """Whether this rating enters the figures."""
        return not self.excluded and self.verdict != Verdict.HONEYPOT


class SumColumns(models.Model):
    """The summed columns of an aggregate (``figures.SUM_FIELDS``): everything the figures
    are computed from."""

    n = models.PositiveIntegerField(default=0)
    csat_sum = models.PositiveBigIntegerField(default=0)
    csat_sq = models.PositiveBigIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    ces_n = models.PositiveIntegerField(default=0)
    ces_sum = models.PositiveBigIntegerField(default=0)
    ces_sq = models.PositiveBigIntegerField(default=0)
    loyal_n = models.PositiveIntegerField(default=0)
    loyal_yes = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    comments_negative = models.PositiveIntegerField(default=0)  # by tone (analysis.tone)
    comments_positive = models.PositiveIntegerField(default=0)
    low = models.PositiveIntegerField(default=0)
    # One column per driver of the codebook (instrument.DRIVER_CODES), counted when chosen.
    d_result = models.PositiveIntegerField(default=0)
    d_ease = models.PositiveIntegerField(default=0)
    d_time = models.PositiveIntegerField(default=0)
    d_clarity = models.PositiveIntegerField(default=0)
    d_fairness = models.PositiveIntegerField(default=0)
    d_staff = models.PositiveIntegerField(default=0)
    d_queue = models.PositiveIntegerField(default=0)
    d_premises = models.PositiveIntegerField(default=0)
    d_information = models.PositiveIntegerField(default=0)
    # «Ваш контроль»: answers and their sum per criterion (instrument.CONTROL_CODES).
    c_wait_result_n = models.PositiveIntegerField(default=0)
    c_wait_result_sum = models.PositiveBigIntegerField(default=0)
    c_wait_queue_n = models.PositiveIntegerField(default=0)
    c_wait_queue_sum = models.PositiveBigIntegerField(default=0)
    c_courtesy_n = models.PositiveIntegerField(default=0)
    c_courtesy_sum = models.PositiveBigIntegerField(default=0)
    c_comfort_n = models.PositiveIntegerField(default=0)
    c_comfort_sum = models.PositiveBigIntegerField(default=0)
    c_availability_n = models.PositiveIntegerField(default=0)
    c_availability_sum = models.PositiveBigIntegerField(default=0)

    class Meta:
        abstract = True


class MonthlyAggregate(SumColumns):
    """Sums per month and dimension, kept up incrementally by ``rollup.rollup``.

    Dashboards and published pages read these (plus the few ratings not rolled yet), so
    their cost depends on the number of groups, not of ratings."""

    key = models.CharField(max_length=120, unique=True)
    month = models.DateField()
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, null=True, on_delete=models.CASCADE, related_name="+")
    life_situation = models.ForeignKey(
        LifeSituation, null=True, on_delete=models.CASCADE, related_name="+"
    )
    touchpoint = models.ForeignKey(
        Touchpoint, null=True, on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(max_length=10)
    segment = models.ForeignKey(
        "segments.Segment", null=True, on_delete=models.CASCADE, related_name="+"
    )
    client_kind = models.CharField(max_length=10)

    class Meta:
        indexes = [models.Index(fields=["body", "month"], name="aggregate_body_month")]

    def __str__(self) -> str:
        return self.key


class MonthlyMarginal(SumColumns):
    """The same sums per month, body and ONE dimension (or the body's total), kept by the
    same rollup: a body's dashboard without further filters reads a few hundred of these
    instead of every combination of service × touchpoint × channel × segment × kind."""

    DIMENSIONS = ("total", "service", "life_situation", "touchpoint", "channel", "segment",
                  "client_kind")  # fmt: skip

    key = models.CharField(max_length=120, unique=True)
    month = models.DateField()
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=40, blank=True)  # "" when the rating had none

    class Meta:
        indexes = [
            models.Index(fields=["body", "dimension", "month"], name="marginal_body_dimension")
        ]

    def __str__(self) -> str:
        return self.key


class Volume(models.Model):
    """Clients served and offered the rating at a touchpoint in a month (real response rates)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    touchpoint = models.ForeignKey(Touchpoint, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("месяц"))
    served = models.PositiveIntegerField(_("обслужено клиентов"))
    offered = models.PositiveIntegerField(_("предложено оценить"))
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["touchpoint", "month"],
                condition=Q(service__isnull=True),
                name="volume_touchpoint_month",
            ),
            models.UniqueConstraint(
                fields=["touchpoint", "service", "month"],
                condition=Q(service__isnull=False),
                name="volume_touchpoint_service_month",
            ),
            models.CheckConstraint(
                name="volume_offered_le_served", condition=Q(offered__lte=models.F("served"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.touchpoint} {self.month:%Y-%m}"


class Case(models.Model):
    """Opened by a low score with a comment (R20): the body looks into it by the deadline."""

    class Status(models.TextChoices):
        OPEN = "open", _("Открыт")
        ANSWERED = "answered", _("Клиенту ответили")
        CLOSED = "closed", _("Разобран")

    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="case")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="feedback_cases")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    finding = models.TextField(_("что выяснили и сделали"), blank=True)
    answer = models.TextField(_("ответ клиенту"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]

    def __str__(self) -> str:
        return f"case #{self.pk}"

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_at < timezone.now()


class Change(RatedSubject, models.Model):
    """ "You said — we did" (R20): what changed because of feedback, shown on public pages."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="feedback_changes")
    service = models.ForeignKey(
        Service, verbose_name=_("услуга"), null=True, blank=True, on_delete=models.PROTECT
    )
    life_situation = models.ForeignKey(
        LifeSituation,
        verbose_name=_("жизненная ситуация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    said = models.TextField(_("Вы сказали"))
    did = models.TextField(_("Мы сделали"))
    done_on = models.DateField(_("когда"))
    ratings = models.ManyToManyField(Rating, blank=True, related_name="changes")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-done_on", "-id"]
        constraints = [_subject_constraint("change_one_subject")]

    def __str__(self) -> str:
        return self.did[:60]


class Webhook(models.Model):
    class Event(models.TextChoices):
        RATING = "rating.created", _("Новая оценка")
        CASE = "case.opened", _("Открыт разбор низкой оценки")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("адрес"))
    secret = models.CharField(max_length=64)
    events = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    """One webhook call, retried with backoff; claimed with a lease so a killed worker's
    delivery is picked up again (receivers dedupe on the delivery id)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("В очереди")
        DELIVERED = "delivered", _("Доставлено")
        FAILED = "failed", _("Не доставлено")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=30)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due",
                condition=Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk}"


class RateBucket(models.Model):
    """Counts submissions per hashed address and window (shared by every process; the raw
    address is never stored and a bucket is deleted once its window is over)."""

    key = models.CharField(max_length=64, unique=True)
    window_end = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.key
