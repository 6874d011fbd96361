"""The registry: life situations, their steps, services and functions, digital services,
touchpoints and typical needs (R1–R4, R29–R30)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Body


class ClientKind(models.TextChoices):
    CITIZEN = "citizen", _("Граждане")
    BUSINESS = "business", _("Бизнес")
    INTERNAL = "internal", _("Внутренние клиенты (госслужащие)")


class Service(models.Model):
    """A service (done at the applicant's request) or a function (done without one) — R2.

    The R30 conditions of a good service are kept as fields and shown as a checklist.
    """

    class Kind(models.TextChoices):
        SERVICE = "service", _("Услуга")
        FUNCTION = "function", _("Функция")

    body = models.ForeignKey(
        Body, verbose_name=_("орган-владелец"), on_delete=models.PROTECT, related_name="services"
    )
    kind = models.CharField(_("вид"), max_length=10, choices=Kind.choices, default=Kind.SERVICE)
    title = models.CharField(_("наименование"), max_length=300)
    slug = models.SlugField(_("код"), max_length=120, unique=True)
    description = models.TextField(_("описание"), blank=True)
    legal_basis = models.TextField(_("правовое основание"), blank=True)
    # R30: the conditions a service should meet (004 §5.2).
    is_electronic = models.BooleanField(_("доступна в электронном виде"), default=False)
    is_proactive = models.BooleanField(_("предоставляется проактивно"), default=False)
    documents_to_bring = models.TextField(
        _("документы, которые клиент должен принести сам"), blank=True
    )
    other_services_required = models.TextField(
        _("другие услуги, разрешения, экспертизы, которых требует услуга"), blank=True
    )
    one_window = models.BooleanField(_("по принципу одного окна / одного клика"), default=False)
    waiting_days = models.PositiveIntegerField(
        _("типичный срок ожидания, дней"), default=0, validators=[MaxValueValidator(3650)]
    )
    #: The exception R30 allows (004 §5.2.1): the audience prefers another format, so not
    #: being electronic is not a failing — said with the reason.
    offline_preferred = models.BooleanField(
        _("аудитория предпочитает другой формат"), default=False
    )
    offline_reason = models.TextField(_("почему аудитория предпочитает другой формат"), blank=True)
    #: The seed wants waiting «стремится к нулю»; a body may set its own nearer target,
    #: shown as the body's, never as the standard.
    waiting_target_days = models.PositiveIntegerField(
        _("цель органа по сроку ожидания, дней"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(3650)],
    )
    # What a person needs to act on the service page (issue 16): who may get it, what it
    # costs, where to apply.
    who_can_get = models.TextField(_("кто может получить"), blank=True)
    cost = models.CharField(
        _("сколько стоит"), max_length=200, blank=True, help_text=_("Например: «бесплатно».")
    )
    apply_url = models.URLField(_("где подать заявление"), max_length=500, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("услуга или функция")
        verbose_name_plural = _("услуги и функции")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.offline_preferred:  # no exception, no reason kept for one
            self.offline_reason = ""
        errors: dict[str, str | Promise] = {}
        if self.offline_preferred and self.is_electronic:
            errors["offline_preferred"] = _(
                "Услуга уже доступна в электронном виде: исключение не нужно."
            )
        elif self.offline_preferred and self.pk and self.digital_services.exists():
            errors["offline_preferred"] = _(
                "Услугу реализует цифровой сервис, значит, она доступна в электронном виде: "
                "исключение не нужно."
            )
        elif self.offline_preferred and not self.offline_reason.strip():
            errors["offline_reason"] = _(
                "Напишите, какой формат предпочитает аудитория и откуда это известно: "
                "опрос, интервью, статистика обращений."
            )
        if errors:
            raise ValidationError(errors)

    def r30_checklist(self) -> list[R30Condition]:
        """The conditions of R30 (004 §5.2) as the seed words them, with whether this
        service meets each: «yes», «no», or «exception» — not electronic because its
        audience prefers another format, which the seed allows. Waiting «стремится к
        нулю»: met at zero days; the body's own target is shown beside it as the body's."""
        electronic = (
            R30Condition(_("Доступна в электронном виде"), "yes")
            if self.is_electronic
            else R30Condition(
                _("Доступна в электронном виде"),
                "exception",
                _("Аудитория предпочитает другой формат: {reason}").format(
                    reason=self.offline_reason.strip()
                ),
            )
            if self.offline_preferred
            else R30Condition(_("Доступна в электронном виде"), "no")
        )
        waiting_note = ngettext("сейчас — %(n)s день", "сейчас — %(n)s дней", self.waiting_days) % {
            "n": self.waiting_days
        }
        if self.waiting_target_days is not None:
            waiting_note += "; " + ngettext(
                "цель органа — %(n)s день", "цель органа — %(n)s дней", self.waiting_target_days
            ) % {"n": self.waiting_target_days}
        return [
            electronic,
            R30Condition(_("Предоставляется проактивно"), _yes(self.is_proactive)),
            R30Condition(
                _("Не нужно приносить документы, которые есть у государства"),
                _yes(not self.documents_to_bring.strip()),
            ),
            R30Condition(
                _("Не требует других услуг, разрешений и экспертиз"),
                _yes(not self.other_services_required.strip()),
            ),
            R30Condition(_("Одно окно / один клик"), _yes(self.one_window)),
            R30Condition(
                _("Ожидание стремится к нулю"), _yes(self.waiting_days == 0), waiting_note
            ),
        ]


def _yes(met: bool) -> str:
    return "yes" if met else "no"


@dataclass(frozen=True)
class R30Condition:
    """One condition of R30 as a page shows it: its words, «yes» / «no» / «exception»
    (allowed by the seed), and a note (the reason of an exception, the waiting figures)."""

    label: str | Promise
    state: str
    note: str | Promise = ""

    @property
    def met(self) -> bool:
        return self.state != "no"


class DigitalService(models.Model):
    """Software through which services or functions are delivered electronically (000)."""

    body = models.ForeignKey(
        Body,
        verbose_name=_("орган-владелец"),
        on_delete=models.PROTECT,
        related_name="digital_services",
    )
    title = models.CharField(_("наименование"), max_length=300)
    url = models.URLField(_("адрес"), blank=True)
    implements = models.ManyToManyField(
        Service, verbose_name=_("реализует"), related_name="digital_services", blank=True
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("цифровой сервис")
        verbose_name_plural = _("цифровые сервисы")

    def __str__(self) -> str:
        return self.title


class TimeZone(models.TextChoices):
    """Russia's time zones, for what an office does by the clock (visiting hours)."""

    KALININGRAD = "Europe/Kaliningrad", _("Калининградское время (МСК−1)")
    MOSCOW = "Europe/Moscow", _("Московское время (МСК)")
    SAMARA = "Europe/Samara", _("Самарское время (МСК+1)")
    YEKATERINBURG = "Asia/Yekaterinburg", _("Екатеринбургское время (МСК+2)")
    OMSK = "Asia/Omsk", _("Омское время (МСК+3)")
    KRASNOYARSK = "Asia/Krasnoyarsk", _("Красноярское время (МСК+4)")
    IRKUTSK = "Asia/Irkutsk", _("Иркутское время (МСК+5)")
    YAKUTSK = "Asia/Yakutsk", _("Якутское время (МСК+6)")
    VLADIVOSTOK = "Asia/Vladivostok", _("Владивостокское время (МСК+7)")
    MAGADAN = "Asia/Magadan", _("Магаданское время (МСК+8)")
    KAMCHATKA = "Asia/Kamchatka", _("Камчатское время (МСК+9)")


class Touchpoint(models.Model):
    """A point where clients deal with a body (004 §2.21), with what a person needs to know
    before going or calling there: hours, accessibility, languages, the services it
    delivers (004 §2.21's equal access; R29 checks it against its kind's list)."""

    class Accessibility(models.TextChoices):
        """What makes the place reachable for everyone (001's reception requirements,
        004's principle of equal access)."""

        STEP_FREE = "step_free", _("Вход без ступенек или пандус")
        PARKING = "parking", _("Парковка для людей с инвалидностью")
        TACTILE = "tactile", _("Тактильная навигация: плитка, таблички шрифтом Брайля")
        AUDIO = "audio", _("Звуковая навигация и объявления")
        VISUAL = "visual", _("Крупные контрастные надписи, бегущая строка")
        INDUCTION_LOOP = "induction_loop", _("Индукционная петля для слуховых аппаратов")
        SIGN_LANGUAGE = "sign_language", _("Переводчик русского жестового языка")
        NO_VOICE = "no_voice", _("Можно обратиться без голоса: кнопками или текстом")
        ESCORT = "escort", _("Помощь сотрудника: встретят и проводят")

    class Kind(models.TextChoices):
        PORTAL = "portal", _("Сайт или портал")
        MOBILE_APP = "mobile_app", _("Мобильное приложение")
        SOCIAL_NETWORK = "social_network", _("Социальная сеть")
        MESSENGER = "messenger", _("Мессенджер")
        CHATBOT = "chatbot", _("Чат-бот")
        VOICE_ASSISTANT = "voice_assistant", _("Голосовой помощник")
        CALL_CENTRE = "call_centre", _("Колл-центр")
        RECEPTION = "reception", _("Приёмная")
        ONE_WINDOW = "one_window", _("МФЦ и другие центры одного окна")
        LONG_STAY = "long_stay", _("Место длительного пребывания")

    IN_PERSON_KINDS = {Kind.RECEPTION, Kind.ONE_WINDOW, Kind.LONG_STAY}

    body = models.ForeignKey(
        Body, verbose_name=_("орган-владелец"), on_delete=models.PROTECT, related_name="touchpoints"
    )
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("наименование"), max_length=300)
    address = models.CharField(_("адрес"), max_length=300, blank=True)
    url = models.URLField(_("ссылка"), blank=True)
    time_zone = models.CharField(
        _("часовой пояс"),
        max_length=40,
        choices=TimeZone.choices,
        default=TimeZone.MOSCOW,
        help_text=_("По нему показываем время приёма в офисе."),
    )
    phone = models.CharField(_("телефон"), max_length=40, blank=True)
    open_24_7 = models.BooleanField(_("круглосуточно"), default=False)
    #: Weekday ("0" Monday … "6" Sunday) → the day's intervals [["09:00", "13:00"], …] in
    #: the place's own time zone; a day missing is a day off (``registry.hours``).
    opening_hours = models.JSONField(_("часы работы"), default=dict, blank=True)
    accessibility = models.JSONField(_("доступность"), default=list, blank=True)
    #: Languages a person is served in besides Russian (001: explanations for foreigners).
    languages = models.JSONField(_("языки, кроме русского"), default=list, blank=True)
    guest_wifi = models.BooleanField(_("бесплатный гостевой Wi-Fi"), default=False)
    transport_stop = models.CharField(
        _("ближайшая остановка общественного транспорта"), max_length=200, blank=True
    )
    services = models.ManyToManyField(
        Service, verbose_name=_("услуги и функции"), blank=True, related_name="places"
    )
    updated_at = models.DateTimeField(_("изменена"), null=True, blank=True)

    class Meta:
        ordering = ["body__short_name", "title"]
        verbose_name = _("точка взаимодействия")
        verbose_name_plural = _("точки взаимодействия")

    def __str__(self) -> str:
        return self.title


class LifeSituationQuerySet(models.QuerySet["LifeSituation"]):
    def published(self) -> LifeSituationQuerySet:
        return self.filter(status=LifeSituation.Status.PUBLISHED)

    def visible_to_body(self, body_id: int | None) -> LifeSituationQuerySet:
        """Every published life situation and the body's own, drafts included."""
        return self.filter(Q(status=LifeSituation.Status.PUBLISHED) | Q(owner_body_id=body_id))


class LifeSituation(models.Model):
    """A set of services and functions a person needs in given circumstances (R1).

    It opens with a start event, ends with a final valuable result, is bounded in
    time, and its steps are owned by several bodies.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Черновик")
        PUBLISHED = "published", _("Опубликована")
        ARCHIVED = "archived", _("В архиве")

    owner_body = models.ForeignKey(
        Body,
        verbose_name=_("ответственный орган"),
        on_delete=models.PROTECT,
        related_name="life_situations",
    )
    title = models.CharField(_("название"), max_length=200)
    slug = models.SlugField(_("адрес страницы"), max_length=120, unique=True)
    summary = models.TextField(_("кратко для граждан"), blank=True)
    start_event = models.CharField(_("стартовое событие"), max_length=300)
    final_result = models.CharField(_("конечный ценный результат"), max_length=300)
    time_bound_days = models.PositiveIntegerField(
        _("срок, дней"), validators=[MinValueValidator(1), MaxValueValidator(36500)]
    )
    for_citizens = models.BooleanField(_("для граждан"), default=True)
    for_business = models.BooleanField(_("для бизнеса"), default=False)
    for_internal = models.BooleanField(_("для внутренних клиентов"), default=False)
    status = models.CharField(
        _("статус"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    last_reviewed_on = models.DateField(
        _("последняя проверка актуальности"), default=timezone.localdate
    )
    published_at = models.DateTimeField(_("опубликована"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = LifeSituationQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("жизненная ситуация")
        verbose_name_plural = _("жизненные ситуации")
        constraints = [
            models.CheckConstraint(
                name="life_situation_has_start_event", condition=~Q(start_event="")
            ),
            models.CheckConstraint(
                name="life_situation_has_final_result", condition=~Q(final_result="")
            ),
            models.CheckConstraint(
                name="life_situation_has_client_kind",
                condition=Q(for_citizens=True) | Q(for_business=True) | Q(for_internal=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def client_kinds(self) -> list[str]:
        kinds = []
        if self.for_citizens:
            kinds.append(ClientKind.CITIZEN.value)
        if self.for_business:
            kinds.append(ClientKind.BUSINESS.value)
        if self.for_internal:
            kinds.append(ClientKind.INTERNAL.value)
        return kinds

    @property
    def client_kind_labels(self) -> list[str]:
        return [str(ClientKind(k).label) for k in self.client_kinds]

    @property
    def is_stale(self) -> bool:
        """Not reviewed for longer than REGISTRY_STALE_AFTER_DAYS (R3)."""
        limit = dt.timedelta(days=settings.REGISTRY_STALE_AFTER_DAYS)
        return timezone.localdate() - self.last_reviewed_on > limit

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Step(models.Model):
    """One service or function in the ordered path of a life situation (R1)."""

    life_situation = models.ForeignKey(
        LifeSituation, on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveIntegerField(_("порядок"))
    service = models.ForeignKey(
        Service,
        verbose_name=_("услуга или функция"),
        on_delete=models.PROTECT,
        related_name="steps",
    )
    note = models.CharField(_("пояснение для клиента"), max_length=300, blank=True)

    class Meta:
        ordering = ["life_situation", "position"]
        verbose_name = _("шаг")
        verbose_name_plural = _("шаги")
        constraints = [
            models.UniqueConstraint(
                fields=["life_situation", "position"],
                name="unique_step_position",
                deferrable=models.Deferrable.DEFERRED,
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.service}"


class Need(models.Model):
    """A typical need of the clients of a life situation (R4)."""

    class Status(models.TextChoices):
        MET = "met", _("Удовлетворяется существующими услугами")
        IN_WORK = "in_work", _("В работе: проектирование или реинжиниринг")
        CANNOT = "cannot", _("Не может быть удовлетворена")

    life_situation = models.ForeignKey(
        LifeSituation, on_delete=models.CASCADE, related_name="needs"
    )
    title = models.CharField(_("потребность"), max_length=300)
    status = models.CharField(_("статус"), max_length=10, choices=Status.choices)
    reason = models.TextField(
        _("почему не может быть удовлетворена"),
        blank=True,
        help_text=_("Публикуется как ответ на частый вопрос. Пишите просто и коротко."),
    )
    services = models.ManyToManyField(
        Service,
        verbose_name=_("услуги, которые её удовлетворяют"),
        blank=True,
        related_name="needs",
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["life_situation", "position", "id"]
        verbose_name = _("потребность")
        verbose_name_plural = _("потребности")
        constraints = [
            models.CheckConstraint(
                name="unmeetable_need_has_reason", condition=~Q(status="cannot") | ~Q(reason="")
            )
        ]

    def __str__(self) -> str:
        return self.title


class LifeSituationVersionQuerySet(models.QuerySet["LifeSituationVersion"]):
    def public(self) -> LifeSituationVersionQuerySet:
        """The versions citizens see: the current one of every published life situation."""
        return self.filter(is_current=True, life_situation__status=LifeSituation.Status.PUBLISHED)


class LifeSituationVersion(models.Model):
    """A published version of a life situation (R3).

    The public pages, the catalogue, open data and the public API read the current
    version's snapshot, so an analyst's unpublished edits never reach clients.
    """

    life_situation = models.ForeignKey(
        LifeSituation, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("версия"))
    snapshot = models.JSONField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    comment = models.CharField(_("что изменилось"), max_length=300, blank=True)
    is_current = models.BooleanField(default=False)
    # Lemmas of everything a citizen reads in the snapshot: search by any word form.
    search_document = models.TextField(blank=True, editable=False)

    objects = LifeSituationVersionQuerySet.as_manager()

    class Meta:
        ordering = ["life_situation", "-number"]
        verbose_name = _("версия жизненной ситуации")
        verbose_name_plural = _("версии жизненных ситуаций")
        constraints = [
            models.UniqueConstraint(
                fields=["life_situation", "number"], name="unique_life_situation_version"
            ),
            models.UniqueConstraint(
                fields=["life_situation"],
                condition=Q(is_current=True),
                name="one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.life_situation} v{self.number}"


class SearchSynonym(models.Model):
    """A word people type that the registry's texts do not use («переехал», «детсад»), and
    what it means there («переезд», «детский сад»). Kept by a body for the words of its
    clients; the shared ones (no body) come with the product."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, null=True, blank=True, related_name="search_synonyms"
    )
    word = models.CharField(_("слово в запросе"), max_length=100)
    means = models.CharField(_("что оно значит в реестре"), max_length=200)
    #: The lemma of ``word``, matched against the query's lemmas.
    word_lemma = models.CharField(max_length=100, editable=False)

    class Meta:
        ordering = ["word"]
        verbose_name = _("синоним для поиска")
        verbose_name_plural = _("синонимы для поиска")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "word_lemma"], name="one_synonym_per_word_and_body"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.word} → {self.means}"
