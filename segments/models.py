"""Client segments and needs research (R5–R10, seed 003).

A segment belongs to a body and describes part of the target audience of a life
situation, a service or a direction of the body's work. Its profile is the set of
attribute values (R5–R6), journey features, preferred channels, problems and needs,
hypotheses checked with respondents (R7) and the inputs of its priority (R8).
Every change of a profile is kept as a ``SegmentVersion`` (R9).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Body
from registry.models import LifeSituation, Service, Touchpoint
from segments.catalogue import shown

#: R6: the number of attributes a profile should have.
MIN_ATTRIBUTES = 5
MAX_ATTRIBUTES = 15


class Attribute(models.Model):
    """An attribute of clients with its allowed values (R5).

    ``body`` empty means the shared catalogue every body uses; a body extends it
    with its own attributes, which only it sees.
    """

    class SourceKind(models.TextChoices):
        LEGAL_ACT = "legal_act", _("Нормативный правовой акт")
        DOCUMENTS = "documents", _("Запрашиваемые документы и сведения")
        FEEDBACK = "feedback", _("Обратная связь и открытые источники")
        STANDARD = "standard", _("Типовой перечень признаков")
        VULNERABLE = "vulnerable", _("Анализ социально незащищённых слоёв (специальный признак)")

    body = models.ForeignKey(
        Body,
        verbose_name=_("орган"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="segment_attributes",
    )
    code = models.SlugField(_("код"), max_length=60)
    name = models.CharField(_("признак"), max_length=200)
    source_kind = models.CharField(_("источник"), max_length=20, choices=SourceKind.choices)
    source_note = models.CharField(_("уточнение источника"), max_length=300, blank=True)
    values = models.JSONField(_("допустимые значения"), default=list)
    multiple = models.BooleanField(
        _("можно выбрать несколько значений"),
        default=False,
        help_text=_("Например, каналы обращения: человек пользуется несколькими."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("признак сегментации")
        verbose_name_plural = _("признаки сегментации")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(body__isnull=True), name="attribute_shared_code_unique"
            ),
            models.UniqueConstraint(
                fields=["body", "code"],
                condition=Q(body__isnull=False),
                name="attribute_body_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language for the shared catalogue (issue 16)."""
        return shown(self.name, shared=self.is_shared)

    @property
    def value_labels(self) -> list[str]:
        return [shown(v, shared=self.is_shared) for v in self.values]

    @property
    def is_special(self) -> bool:
        """Attributes from the analysis of socially vulnerable groups are "special" (R5)."""
        return self.source_kind == self.SourceKind.VULNERABLE

    @property
    def is_shared(self) -> bool:
        return self.body_id is None


class Direction(models.TextChoices):
    """Directions of a body's activity (seed 003 §5)."""

    SERVICES = "services", _("Государственные услуги")
    SUPPORT = "support", _("Меры государственной поддержки")
    CONTROL = "control", _("Контроль (надзор)")
    FUNCTIONS = "functions", _("Государственные функции")
    APPEALS = "appeals", _("Обращения и запросы")
    INFORMATION = "information", _("Доступ к информации")
    INTERNAL = "internal", _("Внутренние клиенты")


class CapacitySource(models.TextChoices):
    BODY_STATISTICS = "body_statistics", _("Внутренняя статистика органа")
    ROSSTAT = "rosstat", _("Росстат")


class SatisfactionSource(models.TextChoices):
    SURVEY = "survey", _("Опрос")
    INTERVIEW = "interview", _("Глубинные интервью")
    FOCUS_GROUP = "focus_group", _("Фокус-группа")
    REVIEWS = "reviews", _("Отзывы")
    RATINGS = "ratings", _("Оценки клиентов")


class UniquenessSource(models.TextChoices):
    COMPLAINTS = "complaints", _("Жалобы")
    INTERVIEWS = "interviews", _("Глубинные интервью")
    OPEN_SOURCES = "open_sources", _("Открытые источники")


class CapacityDirection(models.TextChoices):
    """How a segment's size counts in its priority (R8; seed 000)."""

    LARGER = "larger", _("Чем больше сегмент, тем выше приоритет")
    SMALLER = "smaller", _("Чем уже сегмент, тем выше приоритет")


class Segment(models.Model):
    """A client segment and its profile."""

    class Target(models.TextChoices):
        LIFE_SITUATION = "life_situation", _("Жизненная ситуация")
        SERVICE = "service", _("Услуга или функция")
        DIRECTION = "direction", _("Направление деятельности")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Черновик")
        FINAL = "final", _("Итоговый")
        NEEDS_REVIEW = "needs_review", _("Нужно пересмотреть")

    body = models.ForeignKey(
        Body, verbose_name=_("орган"), on_delete=models.PROTECT, related_name="segments"
    )
    code = models.CharField(_("код"), max_length=20)
    name = models.CharField(_("название"), max_length=200)
    slug = models.SlugField(_("адрес"), max_length=120, unique=True)
    description = models.TextField(_("описание"), blank=True)
    target = models.CharField(_("чья аудитория"), max_length=20, choices=Target.choices)
    life_situation = models.ForeignKey(
        LifeSituation,
        verbose_name=_("жизненная ситуация"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="segments",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("услуга или функция"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="segments",
    )
    direction = models.CharField(
        _("направление деятельности"), max_length=20, choices=Direction.choices, blank=True
    )
    is_potential = models.BooleanField(
        _("потенциальные клиенты"),
        default=False,
        help_text=_("Имеют право на услугу, но не обращаются за ней."),
    )
    journey_features = models.TextField(_("особенности клиентского пути"), blank=True)
    typical_problems = models.TextField(_("типичные проблемы"), blank=True)
    needs = models.TextField(_("потребности"), blank=True)
    preferred_channels = models.JSONField(_("предпочтительные каналы"), default=list, blank=True)
    preferred_touchpoints = models.ManyToManyField(
        Touchpoint,
        verbose_name=_("предпочтительные точки взаимодействия"),
        blank=True,
        related_name="segments",
    )
    personalisation_plan = models.TextField(_("план персонализации пути"), blank=True)

    # Priority inputs (R8), each with its source and date.
    capacity = models.PositiveBigIntegerField(_("ёмкость, человек"), null=True, blank=True)
    capacity_source = models.CharField(
        _("источник ёмкости"), max_length=20, choices=CapacitySource.choices, blank=True
    )
    capacity_as_of = models.DateField(_("ёмкость на дату"), null=True, blank=True)
    #: Whether size raises or lowers this segment's priority (seed 000: a priority segment
    #: by capacity «может быть, как наиболее массовым, так и наиболее узким»); empty: as
    #: the body chose for all (``PriorityWeights.capacity_direction``).
    capacity_direction = models.CharField(
        _("ёмкость и приоритет"), max_length=10, choices=CapacityDirection.choices, blank=True
    )
    satisfaction = models.DecimalField(
        _("удовлетворённость (1–5)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(5))],
    )
    satisfaction_source = models.CharField(
        _("источник удовлетворённости"),
        max_length=20,
        choices=SatisfactionSource.choices,
        blank=True,
    )
    satisfaction_as_of = models.DateField(_("удовлетворённость на дату"), null=True, blank=True)
    #: The clients' ratings of the segment's services (R21), kept beside the research
    #: figure above, never over it: each with its source (R9).
    ratings_satisfaction = models.DecimalField(
        _("удовлетворённость по оценкам клиентов (1–5)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
    )
    ratings_count = models.PositiveIntegerField(_("оценок"), null=True, blank=True)
    ratings_as_of = models.DateField(_("оценки на дату"), null=True, blank=True)
    #: The ratings figure the profile was last sent to review for: it is sent again only
    #: when the ratings move on from there (``services.segment_satisfaction_from_ratings``).
    ratings_reviewed_at_value = models.DecimalField(
        max_digits=3, decimal_places=2, null=True, blank=True
    )
    uniqueness = models.PositiveSmallIntegerField(
        _("уникальность проблем (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    uniqueness_source = models.CharField(
        _("источник уникальности"), max_length=20, choices=UniquenessSource.choices, blank=True
    )
    uniqueness_as_of = models.DateField(_("уникальность на дату"), null=True, blank=True)
    entitled_count = models.PositiveBigIntegerField(
        _("имеют право, человек"), null=True, blank=True
    )
    applicants_count = models.PositiveBigIntegerField(
        _("обратились, человек"), null=True, blank=True
    )
    blind_zone_as_of = models.DateField(_("слепая зона на дату"), null=True, blank=True)
    expert_priority = models.PositiveSmallIntegerField(
        _("экспертная позиция органа (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    expert_note = models.CharField(_("обоснование экспертной позиции"), max_length=500, blank=True)

    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    review_reason = models.CharField(_("почему нужно пересмотреть"), max_length=300, blank=True)
    finalised_at = models.DateTimeField(_("итоговый с"), null=True, blank=True)
    version = models.PositiveIntegerField(_("версия"), default=0)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        ordering = ["body", "code"]
        verbose_name = _("клиентский сегмент")
        verbose_name_plural = _("клиентские сегменты")
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], name="segment_body_code_unique"),
            models.CheckConstraint(
                condition=Q(applicants_count__isnull=True)
                | Q(entitled_count__isnull=True)
                | Q(applicants_count__lte=models.F("entitled_count")),
                name="segment_applicants_not_above_entitled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def blind_zone_share(self) -> float | None:
        """Share of entitled persons who do not apply (seed 003 §2.8)."""
        if not self.entitled_count or self.applicants_count is None:
            return None
        return max(0, self.entitled_count - self.applicants_count) / self.entitled_count


class SegmentAttribute(models.Model):
    """An attribute of a segment profile with its values: one, or several where the
    catalogue allows (``Attribute.multiple``), each one of the allowed values (R5)."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="attributes")
    attribute = models.ForeignKey(
        Attribute, verbose_name=_("признак"), on_delete=models.PROTECT, related_name="+"
    )
    values = models.JSONField(_("значения"), default=list)

    class Meta:
        ordering = ["attribute__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "attribute"], name="segment_attribute_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attribute}: {self.value}"

    @property
    def value_labels(self) -> list[str]:
        """The values as a person reads them, in the reader's language where the shared
        catalogue gives them."""
        return [shown(v, shared=self.attribute.is_shared) for v in self.values]

    @property
    def value(self) -> str:
        """The values as a person reads them, in the catalogue's order."""
        return "; ".join(self.value_labels)


class Hypothesis(models.Model):
    """A hypothesis about the journey or the preferred channels of a segment (R7)."""

    class Kind(models.TextChoices):
        JOURNEY = "journey", _("Особенность клиентского пути")
        CHANNEL = "channel", _("Предпочтительный канал")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Выдвинута")
        CONFIRMED = "confirmed", _("Подтверждена")
        REJECTED = "rejected", _("Опровергнута")

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="hypotheses")
    kind = models.CharField(_("о чём"), max_length=10, choices=Kind.choices)
    statement = models.CharField(_("гипотеза"), max_length=500)
    status = models.CharField(
        _("статус"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    evidence = models.TextField(_("доказательства"), blank=True)
    checked_at = models.DateTimeField(_("проверена"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="proposed") | ~Q(evidence=""),
                name="hypothesis_checked_has_evidence",
            ),
        ]

    def __str__(self) -> str:
        return self.statement


class Study(models.Model):
    """A piece of research: a survey, interviews, a focus group, an observation."""

    class Method(models.TextChoices):
        SURVEY = "survey", _("Опрос")
        INTERVIEW = "interview", _("Глубинное интервью")
        FOCUS_GROUP = "focus_group", _("Фокус-группа")
        OBSERVATION = "observation", _("Полевое наблюдение")
        OTHER = "other", _("Другое")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Запланировано")
        IN_PROGRESS = "in_progress", _("Идёт")
        FINISHED = "finished", _("Завершено")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="studies")
    title = models.CharField(_("название"), max_length=200)
    method = models.CharField(_("метод"), max_length=20, choices=Method.choices)
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    held_on = models.DateField(_("дата проведения"), null=True, blank=True)
    finished_at = models.DateTimeField(_("завершено"), null=True, blank=True)
    summary = models.TextField(_("итоги"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("исследование")
        verbose_name_plural = _("исследования")

    def __str__(self) -> str:
        return self.title


class Respondent(models.Model):
    """A respondent under a pseudonymous code: no name, no contact (152-ФЗ minimisation)."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="respondents")
    code = models.CharField(_("код респондента"), max_length=30)
    segment = models.ForeignKey(
        Segment,
        verbose_name=_("представляет сегмент"),
        on_delete=models.PROTECT,
        related_name="respondents",
    )
    consent_at = models.DateTimeField(_("согласие на участие получено"))
    note = models.CharField(_("заметка"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["study", "code"], name="respondent_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class StudyNote(models.Model):
    """A note or a verbatim quote from a study."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Заметка")
        QUOTE = "quote", _("Цитата")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="notes")
    respondent = models.ForeignKey(
        Respondent, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    kind = models.CharField(_("вид"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("текст"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Finding(models.Model):
    """A finding of a study that confirms or rejects a hypothesis (R7)."""

    class Verdict(models.TextChoices):
        CONFIRMS = "confirms", _("Подтверждает")
        REJECTS = "rejects", _("Опровергает")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="findings")
    hypothesis = models.ForeignKey(
        Hypothesis, verbose_name=_("гипотеза"), on_delete=models.CASCADE, related_name="findings"
    )
    verdict = models.CharField(_("вывод"), max_length=10, choices=Verdict.choices)
    text = models.TextField(_("что выяснили"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ResearchPublication(models.Model):
    """What a finished study or a final segment profile taught the body, published in
    depersonalised form on the public page of a life situation (001, the system of needs
    research (2)): what was studied, how many took part, what was found, what will change.
    One per study or profile; withdrawn, it leaves the page and stays in the audit trail."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="research_publications")
    life_situation = models.ForeignKey(
        "registry.LifeSituation",
        verbose_name=_("жизненная ситуация"),
        on_delete=models.PROTECT,
        related_name="research_publications",
    )
    study = models.OneToOneField(
        Study, on_delete=models.CASCADE, null=True, blank=True, related_name="publication"
    )
    segment = models.OneToOneField(
        Segment, on_delete=models.CASCADE, null=True, blank=True, related_name="publication"
    )
    title = models.CharField(_("что изучали"), max_length=200)
    participants = models.PositiveIntegerField(_("участвовали, чел."))
    found = models.TextField(_("что узнали"))
    changes = models.TextField(_("что изменится"))
    published_at = models.DateTimeField(_("опубликовано"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("снято с публикации"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(study__isnull=False, segment__isnull=True)
                | models.Q(study__isnull=True, segment__isnull=False),
                name="research_publication_of_one",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SegmentVersion(models.Model):
    """One saved state of a profile: who changed it, when and why (R9)."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("номер"))
    snapshot = models.JSONField(_("профиль"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_label = models.CharField(_("автор"), max_length=200)
    reason = models.CharField(_("причина изменения"), max_length=300)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["segment", "number"], name="segment_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.segment.code} v{self.number}"


class PriorityWeights(models.Model):
    """A body's weights of the priority inputs (R8). Missing row = the defaults."""

    DEFAULTS = {
        "capacity": 30,
        "satisfaction": 30,
        "uniqueness": 15,
        "blind_zone": 15,
        "expert": 10,
    }

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="priority_weights")
    capacity = models.PositiveSmallIntegerField(_("ёмкость"), default=30)
    satisfaction = models.PositiveSmallIntegerField(_("неудовлетворённость"), default=30)
    uniqueness = models.PositiveSmallIntegerField(_("уникальность проблем"), default=15)
    blind_zone = models.PositiveSmallIntegerField(_("слепая зона"), default=15)
    expert = models.PositiveSmallIntegerField(_("экспертная позиция"), default=10)
    #: For every segment of the body that does not choose for itself (seed 000).
    capacity_direction = models.CharField(
        _("ёмкость и приоритет"),
        max_length=10,
        choices=CapacityDirection.choices,
        default=CapacityDirection.LARGER,
    )

    def __str__(self) -> str:
        return f"веса приоритета: {self.body}"

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.DEFAULTS}


class YearlyReport(models.Model):
    """The yearly report on segment profiles (R10): due by the end of Q1 of the next year."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="segment_reports")
    year = models.PositiveSmallIntegerField(_("год"))
    submitted_at = models.DateTimeField(_("утверждён"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="yearly_report_unique"),
        ]

    def __str__(self) -> str:
        return f"отчёт о профилях сегментов за {self.year} год"

    @staticmethod
    def deadline_for(year: int) -> dt.date:
        return dt.date(year + 1, 3, 31)


class ReportCopy(models.Model):
    """The yearly report kept as it was (003 §9): the approved report frozen at approval,
    and the profiles as they stood when the year ended. The PDF and XLSX are the files
    handed out from then on; later changes to the profiles do not touch them."""

    class Kind(models.TextChoices):
        APPROVED = "approved", _("утверждённый отчёт")
        YEAR_END = "year_end", _("профили на конец года")

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="copies")
    kind = models.CharField(_("что сохранено"), max_length=10, choices=Kind.choices)
    made_at = models.DateTimeField(_("когда сохранён"), auto_now_add=True)
    #: The profiles in the copy: code, name, slug and version number of each.
    profiles = models.JSONField(_("профили"), default=list)
    pdf = models.BinaryField(_("PDF"))
    xlsx = models.BinaryField(_("XLSX"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], name="report_copy_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.get_kind_display()}"


class SegmentImport(models.Model):
    """An uploaded file, parsed and checked, waiting for the analyst to confirm it.

    Nothing reaches the profiles until the analyst confirms a file without errors;
    then every row is applied in one transaction or none is.
    """

    class Kind(models.TextChoices):
        SEGMENTS = "segments", _("Сегменты")
        CAPACITY = "capacity", _("Ёмкость сегментов")
        RESPONDENTS = "respondents", _("Респонденты исследования")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="segment_imports")
    kind = models.CharField(_("что загружаем"), max_length=20, choices=Kind.choices)
    study = models.ForeignKey(Study, on_delete=models.CASCADE, null=True, blank=True)
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"
