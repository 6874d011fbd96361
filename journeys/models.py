"""Journey maps (R11–R13): one segment's path through one variant of a service or a whole
life situation, AS IS or TO BE, as ordered stages with the lanes of seed 001's example map."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Body
from registry.models import LifeSituation, Service, Touchpoint


class Emotion(models.IntegerChoices):
    NEGATIVE = -1, _("негативная")
    NEUTRAL = 0, _("нейтральная")
    POSITIVE = 1, _("позитивная")


#: The score on the rating scale (1–5) an emotion stands for when no finer score is given,
#: so the analyst's curve and real CSAT share one axis.
EMOTION_SCORE = {Emotion.NEGATIVE: 2, Emotion.NEUTRAL: 3, Emotion.POSITIVE: 4}


class JourneyMap(models.Model):
    class Kind(models.TextChoices):
        AS_IS = "as_is", _("AS IS — как есть")
        TO_BE = "to_be", _("TO BE — как должно быть")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Черновик")
        PUBLISHED = "published", _("Опубликована")

    body = models.ForeignKey(
        Body, verbose_name=_("орган"), on_delete=models.PROTECT, related_name="journey_maps"
    )
    title = models.CharField(_("название"), max_length=200)
    segment = models.ForeignKey(
        "segments.Segment",
        verbose_name=_("сегмент"),
        on_delete=models.PROTECT,
        related_name="journey_maps",
    )
    variant = models.CharField(
        _("вариант процесса"),
        max_length=200,
        help_text=_("Например, «онлайн на Госуслугах» или «лично в МФЦ»."),
    )
    service = models.ForeignKey(
        Service, verbose_name=_("услуга"), null=True, blank=True, on_delete=models.PROTECT
    )
    life_situation = models.ForeignKey(
        LifeSituation,
        verbose_name=_("жизненная ситуация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="journey_maps",
    )
    kind = models.CharField(_("вид"), max_length=5, choices=Kind.choices, default=Kind.AS_IS)
    base = models.ForeignKey(
        "self",
        verbose_name=_("карта AS IS"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="to_be_maps",
    )
    status = models.CharField(
        _("статус"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    #: A TO BE map reaches the public page only as this text: what will change for the
    #: client («что будет по-новому»), in plain words — never as a map of a process that
    #: does not exist yet.
    public_changes = models.TextField(_("что будет по-новому — для граждан"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("карта клиентского пути")
        verbose_name_plural = _("карты клиентского пути")
        constraints = [
            models.CheckConstraint(  # R12: one service or one whole life situation
                name="journey_map_one_subject",
                condition=(Q(service__isnull=False) & Q(life_situation__isnull=True))
                | (Q(service__isnull=True) & Q(life_situation__isnull=False)),
            ),
            models.CheckConstraint(  # R12: a TO BE map is made from an AS IS map
                name="journey_map_to_be_has_base",
                condition=Q(kind="as_is", base__isnull=True) | Q(kind="to_be", base__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subject(self) -> Service | LifeSituation:
        return self.service or self.life_situation  # type: ignore[return-value]

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Stage(models.Model):
    """One stage of the client's journey; only what the client does (000): no back office."""

    journey_map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("этап"), max_length=200)
    goal = models.TextField(_("цель клиента"))
    actions = models.TextField(_("действия клиента"))
    expectations = models.TextField(_("ожидания"), blank=True)
    emotion = models.SmallIntegerField(_("эмоция"), choices=Emotion.choices)
    emotion_score = models.PositiveSmallIntegerField(_("эмоция точнее, 1–5"), null=True, blank=True)
    pains = models.TextField(_("боли и барьеры"), blank=True)
    positives = models.TextField(_("позитивный опыт"), blank=True)
    recommendations = models.TextField(_("рекомендации"), blank=True)
    #: What the public page of the life situation says to do at this stage, written for
    #: the citizen; the other lanes are the research's notes and stay internal.
    advice = models.TextField(_("что сделать — для граждан"), blank=True)
    touchpoints = models.ManyToManyField(
        Touchpoint, verbose_name=_("точки взаимодействия"), blank=True, related_name="+"
    )
    services = models.ManyToManyField(
        Service, verbose_name=_("услуги"), blank=True, related_name="+"
    )
    minutes = models.PositiveIntegerField(_("время клиента, минут"), null=True, blank=True)
    cost = models.DecimalField(
        _("затраты клиента, ₽"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    origin = models.ForeignKey(
        "self",
        verbose_name=_("этап карты AS IS"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["journey_map", "order", "id"]
        verbose_name = _("этап")
        verbose_name_plural = _("этапы")
        constraints = [
            models.CheckConstraint(
                name="stage_emotion_score_1_5",
                condition=Q(emotion_score__isnull=True)
                | Q(emotion_score__gte=1, emotion_score__lte=5),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        """The analyst's emotion on the 1–5 scale of ratings."""
        return self.emotion_score or EMOTION_SCORE[Emotion(self.emotion)]


class MapVersion(models.Model):
    """A frozen copy of a map (on publishing or on request), for history and comparison."""

    journey_map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    note = models.CharField(_("что изменилось"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["journey_map", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["journey_map", "number"], name="map_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.journey_map_id} v{self.number}"


class MapComment(models.Model):
    """A colleague's remark on a map or one of its stages (staff of the body only)."""

    journey_map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="comments")
    stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("комментарий"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]
