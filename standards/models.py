"""Touchpoint standards (R29; seed 001's table «ТОЧКИ ВЗАИМОДЕЙСТВИЯ / ТРЕБОВАНИЯ»): for
each kind of touchpoint a versioned list of requirements with a review date («требуют
периодической актуализации»); checks of a touchpoint against its kind's list; an action
for every requirement a check found not met, closed by a later check that finds it met."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Body

#: A weight (1–5) multiplies a requirement's share of the score.
MAX_WEIGHT = 5


class RequirementList(models.Model):
    """The requirements for one kind of touchpoint, as one version. Only the current
    version is used by new checks; a check keeps the version it was made against."""

    kind = models.CharField(_("вид точки"), max_length=20)
    version = models.PositiveIntegerField(default=1)
    title = models.CharField(_("название"), max_length=200)
    source = models.CharField(_("откуда требования"), max_length=300)
    review_by = models.DateField(_("пересмотреть до"))
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="one_list_version"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(is_current=True), name="one_current_list_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, версия {self.version}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Past its review date: the seed's «периодическая актуализация» is due (R29)."""
        return self.review_by < (today or timezone.localdate())


class Requirement(models.Model):
    class Method(models.TextChoices):
        OBSERVATION = "observation", _("наблюдение на месте")
        DOCUMENT = "document", _("документ")
        MEASUREMENT = "measurement", _("измерение")
        TEST_CONTACT = "test_contact", _("тестовый звонок или сообщение")
        PRODUCT_DATA = "product_data", _("данные Клиентоцентра")

    requirement_list = models.ForeignKey(
        RequirementList, on_delete=models.CASCADE, related_name="requirements"
    )
    code = models.CharField(_("код"), max_length=20)
    text = models.CharField(_("требование"), max_length=500)
    source = models.CharField(_("источник"), max_length=200)
    method = models.CharField(_("как проверяют"), max_length=20, choices=Method.choices)
    can_be_na = models.BooleanField(_("может быть неприменимо"), default=False)
    weight = models.PositiveSmallIntegerField(
        _("вес"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_WEIGHT)]
    )
    position = models.PositiveIntegerField(default=0)
    #: A measured requirement (queue minutes, seconds to answer): its unit and the largest
    #: value that still meets it.
    unit = models.CharField(_("единица измерения"), max_length=10, blank=True)
    limit = models.DecimalField(
        _("норма, не больше"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    #: The rating driver (``feedback.instrument.DRIVER_CODES``) that speaks to the same
    #: thing: a check and the ratings are compared on it.
    driver = models.CharField(_("причина оценки"), max_length=20, blank=True)

    class Meta:
        ordering = ["requirement_list", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requirement_list", "code"], name="one_requirement_code_per_list"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text}"


class Check(models.Model):
    """One check of a touchpoint against the list of its kind."""

    class Kind(models.TextChoices):
        SELF = "self", _("самооценка органа")
        MYSTERY_VISIT = "mystery_visit", _("тайный визит")
        MYSTERY_CALL = "mystery_call", _("тайный звонок или сообщение")

    class Status(models.TextChoices):
        OPEN = "open", _("идёт")
        DONE = "done", _("завершена")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    touchpoint = models.ForeignKey(
        "registry.Touchpoint", on_delete=models.PROTECT, related_name="+"
    )
    requirement_list = models.ForeignKey(
        RequirementList, on_delete=models.PROTECT, related_name="checks"
    )
    kind = models.CharField(_("вид проверки"), max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    #: Weighted share of applicable requirements met, 0–100, once done.
    score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    #: The mystery shopper who makes the visit or call; they see this check only.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("тайный покупатель"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    scenario = models.TextField(_("сценарий"), blank=True)
    due_on = models.DateField(_("провести до"), null=True, blank=True)
    visited_at = models.DateTimeField(_("когда был визит или звонок"), null=True, blank=True)
    #: Answers not yet final: filled from the product's own data at the start and kept as
    #: the checker saves them — ``{requirement_pk: {"result", "comment", "value", "auto"}}``.
    draft = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["touchpoint"], condition=Q(status="open"), name="one_open_check_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.touchpoint}"


class Answer(models.Model):
    class Result(models.TextChoices):
        MET = "met", _("выполнено")
        NOT_MET = "not_met", _("не выполнено")
        NA = "na", _("неприменимо")

    check_ref = models.ForeignKey(Check, on_delete=models.CASCADE, related_name="answers")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(max_length=10, choices=Result.choices)
    comment = models.CharField(_("комментарий"), max_length=500, blank=True)
    value = models.DecimalField(
        _("измерено"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    #: Filled from the product's own data, not by a person.
    auto = models.BooleanField(default=False)

    class Meta:
        ordering = ["requirement__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_ref", "requirement"], name="one_answer_per_requirement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id}: {self.get_result_display()}"


class RemedyQuerySet(models.QuerySet["Remedy"]):
    def open(self) -> RemedyQuerySet:
        return self.filter(closed_at__isnull=True)


class Remedy(models.Model):
    """What the body does about a requirement a check found not met: one open at a time
    per touchpoint and requirement code, with an owner and a due date; a later check that
    finds it met closes it."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    touchpoint = models.ForeignKey(
        "registry.Touchpoint", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(max_length=20)
    requirement_text = models.CharField(max_length=500)
    opened_by = models.ForeignKey(Check, on_delete=models.PROTECT, related_name="opened")
    closed_by = models.ForeignKey(
        Check, on_delete=models.PROTECT, related_name="closed", null=True, blank=True
    )
    what = models.CharField(_("что сделать"), max_length=500, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ответственный"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("срок"))
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    #: When the head was told it is overdue (once: ``services.reminders_send``).
    escalated_at = models.DateTimeField(null=True, blank=True)

    objects = RemedyQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["touchpoint", "code"],
                condition=Q(closed_at__isnull=True),
                name="one_open_remedy_per_requirement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.requirement_text}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.closed_at is None and self.due_on < (today or timezone.localdate())


def evidence_path(instance: Evidence, filename: str) -> str:
    """A name nobody can guess and that says nothing about the place or the person."""
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"standards/evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Evidence(models.Model):
    """A photo taken during a check, stored through Django's storage API (the local disk
    by default, an S3-compatible store by settings) with its EXIF data removed."""

    check_ref = models.ForeignKey(Check, on_delete=models.CASCADE, related_name="evidence")
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to=evidence_path, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"evidence #{self.pk}"


class Schedule(models.Model):
    """How often the body re-checks each of its touchpoints (R29)."""

    DEFAULT_DAYS = 180
    MIN_DAYS, MAX_DAYS = 30, 730

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="+")
    every_days = models.PositiveSmallIntegerField(
        _("проверять каждые, дней"),
        default=DEFAULT_DAYS,
        validators=[MinValueValidator(MIN_DAYS), MaxValueValidator(MAX_DAYS)],
    )

    def __str__(self) -> str:
        return f"{self.body_id}: {self.every_days}"


class DueNotice(models.Model):
    """A reminder sent that a touchpoint's re-check is due: one per place and due date, so
    that a runner run again never mails twice."""

    touchpoint = models.ForeignKey(
        "registry.Touchpoint", on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["touchpoint", "due_on"], name="one_notice_per_due")
        ]

    def __str__(self) -> str:
        return f"{self.touchpoint_id}: {self.due_on}"
