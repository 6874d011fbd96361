"""What clients write to a body, the deadline clock, the answers and the template answers
(R22, R23)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from readability.checker import Thresholds


class Kind(models.TextChoices):
    APPEAL = "appeal", _("Официальное обращение")
    COMMENT = "comment", _("Комментарий под официальным постом")
    MENTION = "mention", _("Упоминание органа")
    MESSAGE = "message", _("Сообщение в мессенджере")
    CHATBOT = "chatbot", _("Вопрос из чат-бота")


#: R22: 2 hours for an official appeal or a comment under an official post, 4 for a mention.
DEFAULT_DEADLINE_MINUTES = {
    Kind.APPEAL: 120,
    Kind.COMMENT: 120,
    Kind.MENTION: 240,
    Kind.MESSAGE: 240,
    Kind.CHATBOT: 240,
}


class Channel(models.TextChoices):
    PORTAL = "portal", _("Портал госуслуг")
    WIDGET = "widget", _("Виджет на сайте органа")
    VK = "vk", _("ВКонтакте")
    OK = "ok", _("Одноклассники")
    TELEGRAM = "telegram", _("Telegram")
    MAX = "max", _("MAX")
    CHATBOT = "chatbot", _("Чат-бот")
    EMAIL = "email", _("Электронная почта")
    OTHER = "other", _("Другое")


#: An official written appeal — from the portal or by e-mail — follows its own law, not the
#: social networks' hours (issue 23): 59-ФЗ art. 12, 30 days from registration. A body may
#: set a shorter target for it, as for every other clock, never a longer one.
WRITTEN = "written"
WRITTEN_CHANNELS = frozenset({Channel.PORTAL, Channel.EMAIL})
#: The longest answer time the standard (R22) or the law allows, per clock.
STANDARD_MINUTES: dict[str, int] = {
    **{kind.value: minutes for kind, minutes in DEFAULT_DEADLINE_MINUTES.items()},
    WRITTEN: 30 * 24 * 60,
}
CLOCK_CHOICES = [
    *Kind.choices,
    (WRITTEN, _("Письменное обращение с портала или по почте (59-ФЗ)")),
]


def clock_for(kind: str, channel: str) -> str:
    """Which answer clock an item runs on: a written appeal's, or its kind's (R22)."""
    return WRITTEN if kind == Kind.APPEAL and channel in WRITTEN_CHANNELS else kind


class Status(models.TextChoices):
    NEW = "new", _("Новое")
    IN_WORK = "in_work", _("В работе")
    ANSWERED = "answered", _("Дан ответ")
    PRIVATE = "private", _("Переведено в личные сообщения")
    CLOSED = "closed", _("Закрыто")


OPEN_STATUSES = {Status.NEW, Status.IN_WORK}


class AnswerPolicy(models.Model):
    """What a body accepts without the head's approval (R23) and when "nearly due" starts."""

    body = models.OneToOneField(
        "accounts.Body", on_delete=models.CASCADE, related_name="answer_policy"
    )
    min_reading_ease = models.DecimalField(
        _("индекс удобочитаемости не ниже"), max_digits=5, decimal_places=1, default=30
    )
    max_grade = models.DecimalField(
        _("уровень сложности (класс) не выше"), max_digits=4, decimal_places=1, default=12
    )
    max_sentence_words = models.PositiveSmallIntegerField(
        _("слов в предложении не больше"), default=25
    )
    max_flags_per_100_words = models.DecimalField(
        _("замечаний к стилю на 100 слов не больше"), max_digits=4, decimal_places=1, default=6
    )
    near_due_minutes = models.PositiveIntegerField(
        _("«скоро срок» за столько минут до срока"), default=30
    )

    class Meta:
        verbose_name = _("правила ответов органа")
        verbose_name_plural = _("правила ответов органов")

    def __str__(self) -> str:
        return str(self.body)

    def thresholds(self) -> Thresholds:
        return Thresholds(
            min_reading_ease=float(self.min_reading_ease),
            max_grade=float(self.max_grade),
            max_sentence_words=self.max_sentence_words,
            max_flags_per_100_words=float(self.max_flags_per_100_words),
        )


class Deadline(models.Model):
    """The body's own answer time for one clock (a kind of item, or a written appeal);
    without a row, the standard's (``STANDARD_MINUTES``). Never longer than the standard."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("вид"), max_length=10, choices=CLOCK_CHOICES)
    minutes = models.PositiveIntegerField(_("срок ответа, минут"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "kind"], name="one_deadline_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.kind} {self.minutes} мин"


class Category(models.Model):
    """A topic of appeals with the words that route an item to it, and its answerer."""

    body = models.ForeignKey(
        "accounts.Body", on_delete=models.CASCADE, related_name="inbox_categories"
    )
    name = models.CharField(_("категория"), max_length=120)
    keywords = models.TextField(
        _("ключевые слова"),
        help_text=_("Через запятую, в любой форме: «пособие, выплата, рождение»."),
    )
    keyword_lemmas = models.TextField(editable=False, blank=True)
    answerer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто отвечает"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    life_situation = models.ForeignKey(
        "registry.LifeSituation",
        verbose_name=_("жизненная ситуация"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("категория обращений")
        verbose_name_plural = _("категории обращений")
        constraints = [models.UniqueConstraint(fields=["body", "name"], name="unique_category")]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """One thing a client wrote: an appeal, a comment, a mention or a message (R22)."""

    body = models.ForeignKey(
        "accounts.Body",
        verbose_name=_("орган, который отвечает"),
        on_delete=models.PROTECT,
        related_name="inbox_items",
    )
    received_by = models.ForeignKey(
        "accounts.Body",
        verbose_name=_("орган, который принял"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("вид"), max_length=10, choices=Kind.choices)
    channel = models.CharField(_("канал"), max_length=10, choices=Channel.choices)
    external_id = models.CharField(_("номер во внешней системе"), max_length=120, blank=True)
    url = models.URLField(_("ссылка на сообщение"), blank=True, max_length=500)
    author_name = models.CharField(_("автор"), max_length=200, blank=True)
    author_contact = models.CharField(_("контакт автора"), max_length=200, blank=True)
    text = models.TextField(_("текст"))
    life_situation = models.ForeignKey(
        "registry.LifeSituation",
        verbose_name=_("жизненная ситуация"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    service = models.ForeignKey(
        "registry.Service",
        verbose_name=_("услуга"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("категория"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
    )
    routed_automatically = models.BooleanField(default=False)
    received_at = models.DateTimeField(_("поступило"), db_index=True)
    due_at = models.DateTimeField(_("ответить до"), db_index=True)
    status = models.CharField(
        _("статус"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("исполнитель"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbox_items",
    )
    answered_at = models.DateTimeField(_("ответ дан"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer_text = models.TextField(_("ответ"), blank=True)
    answer_reading_ease = models.FloatField(null=True, blank=True)
    answer_grade = models.FloatField(null=True, blank=True)
    #: The client's rating of the answer (1–5, the one instrument's headline score) through
    #: the link the answer carried; the latest counts (``services.answer_ratings_take``).
    answer_score = models.PositiveSmallIntegerField(_("оценка ответа"), null=True, blank=True)
    answer_rated_at = models.DateTimeField(_("ответ оценён"), null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The client's account, when the system that passed the appeal knew the author's
    #: confirmed СНИЛС (the portal, after a Госуслуги sign-in): the appeal and its answer
    #: then stand in the client's history (seed 000, issue 23).
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("клиент"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: The number the appeal was linked by: the history shows it only while the account
    #: holds this number confirmed (as it does events and offers).
    client_snils = models.CharField(_("СНИЛС клиента"), max_length=11, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("обращение")
        verbose_name_plural = _("обращения")
        indexes = [
            models.Index(fields=["body", "status", "due_at"]),
            models.Index(fields=["body", "answered_at"]),
            models.Index(fields=["client", "received_at"]),
            # the indicators count a body's items of a quarter (``in_time_by_quarter``)
            models.Index(fields=["body", "received_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["received_by", "channel", "external_id"],
                condition=~Q(external_id=""),
                name="one_item_per_external_id",
            )
        ]

    def __str__(self) -> str:
        return f"№ {self.pk}: {self.text[:60]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def answered_in_time(self) -> bool | None:
        if self.answered_at is None:
            return None
        return self.answered_at <= self.due_at

    def time_left(self, now: dt.datetime | None = None) -> dt.timedelta:
        return self.due_at - (now or timezone.now())


class Event(models.Model):
    """One step in an item's history, beside the state it explains (saleor's order events)."""

    class Type(models.TextChoices):
        RECEIVED = "received", _("Поступило")
        ROUTED = "routed", _("Направлено")
        ASSIGNED = "assigned", _("Назначен исполнитель")
        STATUS = "status", _("Изменён статус")
        CATEGORY = "category", _("Изменена категория")
        DRAFT = "draft", _("Сохранён черновик ответа")
        APPROVAL_REQUESTED = "approval_requested", _("Запрошено одобрение")
        APPROVED = "approved", _("Руководитель одобрил ответ")
        RETURNED = "returned", _("Руководитель вернул ответ на доработку")
        ANSWERED = "answered", _("Дан ответ")
        ESCALATED = "escalated", _("Просрочено: сообщено руководителю")
        RATED = "rated", _("Клиент оценил ответ")
        REOPENED = "reopened", _("Открыто снова")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    type = models.CharField(max_length=20, choices=Type.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    #: What a person wrote or named (a comment, a name, a category): shown as written.
    detail = models.CharField(max_length=500, blank=True)
    #: What the product wrote, as a phrase code and its values (``inbox.history``):
    #: rendered in the reader's language, not the writer's.
    phrase = models.CharField(max_length=40, blank=True)
    args = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%d.%m %H:%M} {self.get_type_display()}"


class Draft(models.Model):
    """The answer being written, its last check, and the head's approval when it is needed."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="draft")
    text = models.TextField(_("ответ"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approval_requested_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The approval holds for exactly this text: an edit after it needs a new approval.
    approved_text_hash = models.CharField(max_length=64, blank=True)
    approval_comment = models.CharField(_("комментарий руководителя"), max_length=500, blank=True)

    def __str__(self) -> str:
        return f"Черновик к {self.item_id}"


class Template(models.Model):
    """A template answer to a typical appeal (R23), searchable by Russian word forms."""

    body = models.ForeignKey(
        "accounts.Body", on_delete=models.CASCADE, related_name="answer_templates"
    )
    title = models.CharField(_("вопрос"), max_length=200)
    text = models.TextField(_("ответ"))
    life_situation = models.ForeignKey(
        "registry.LifeSituation",
        verbose_name=_("жизненная ситуация"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    service = models.ForeignKey(
        "registry.Service",
        verbose_name=_("услуга"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    need = models.ForeignKey(
        "registry.Need",
        verbose_name=_("потребность"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    search_document = models.TextField(editable=False, blank=True)
    reading_ease = models.FloatField(default=0)
    grade = models.FloatField(default=0)
    times_used = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        verbose_name = _("шаблон ответа")
        verbose_name_plural = _("шаблоны ответов")

    def __str__(self) -> str:
        return self.title
