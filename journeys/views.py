"""Journey-map pages for a body's analysts (the head reads and comments).

Views stay thin: the access helper loads the map, a form checks the input, one service
call does the work; htmx requests get a fragment of the same template (a stage's cell
edited in place, the stages after a move)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import can_edit_for, request_user
from journeys import access, selectors, services
from journeys.compare import TEXT_LANES, compare, lines
from journeys.curve import Series, svg
from journeys.forms import (
    CellForm,
    CommentForm,
    MapEditForm,
    MapForm,
    NeedForm,
    StageForm,
    VersionForm,
    stage_initial,
)
from journeys.models import JourneyMap, Stage
from lib.forms import apply_errors, ascii_int, post_data, submit
from lib.htmx import is_htmx

VIEWS = ("both", "table", "curve")
PERIODS = (3, 6, 12)
#: Lanes of the table, in the order of seed 001's example map: (field, label).
LANES = (
    ("goal", _("Цель клиента")),
    ("actions", _("Действия клиента")),
    ("expectations", _("Ожидания")),
    ("emotion", _("Эмоция")),
    ("pains", _("Боли и барьеры")),
    ("positives", _("Позитивный опыт")),
    ("recommendations", _("Рекомендации")),
    ("touchpoints", _("Точки взаимодействия")),
    ("minutes", _("Время клиента")),
    ("cost", _("Затраты клиента")),
    ("advice", _("Что сделать — для граждан")),
)
CELL_FIELDS = {*TEXT_LANES, "emotion", "minutes", "cost", "title"}


@login_required
def map_list(request: HttpRequest) -> HttpResponse:
    body = access.get_body_for_read(request.user)
    return render(
        request,
        "journeys/map_list.html",
        {
            "body": body,
            "maps": selectors.maps_for_body(body.pk),
            "can_edit": can_edit_for(request_user(request), body.pk),
        },
    )


@login_required
def map_create(request: HttpRequest) -> HttpResponse:
    body = access.get_body_for_write(request.user)
    form = MapForm(post_data(request), body_id=body.pk)
    user = request_user(request)
    created = submit(form, lambda data: services.map_create(actor=user, body=body, **data))
    if created:
        messages.success(request, _("Карта создана. Добавьте этапы пути клиента."))
        return redirect("journeys:detail", pk=created.pk)
    return render(request, "journeys/map_form.html", {"form": form, "body": body})


def _curve(journey_map: JourneyMap, overlay: dict[int, selectors.StageRating]) -> str:
    stages = list(journey_map.stages.all())
    labels = [s.title for s in stages]
    series = [Series(_("Эмоция по оценке аналитика"), [s.score for s in stages], "analyst")]
    real = [overlay[s.pk].figures.csat.mean if overlay[s.pk].shown else None for s in stages]
    if any(v is not None for v in real):
        series.append(Series(_("Удовлетворённость по оценкам клиентов"), real, "ratings", True))
    described = "; ".join(f"{i}. {s.title}: {s.score}" for i, s in enumerate(stages, start=1))
    return svg(  # escaped parts only (curve.svg); templates show it with |safe
        labels,
        series,
        title=_("Кривая эмоций: %(title)s") % {"title": journey_map.title},
        description=_("Эмоция по этапам от 1 до 5: %(list)s") % {"list": described},
    )


def map_context(request: HttpRequest, journey_map: JourneyMap) -> dict[str, Any]:
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else "both"
    months = int(request.GET["months"]) if request.GET.get("months") in ("3", "6", "12") else 12
    overlay = selectors.overlay(journey_map, months)
    stages = list(journey_map.stages.all())
    ratings = [overlay[s.pk] for s in stages]
    # The curve draws the ratings' line where a stage's ratings are shown (as _curve does).
    ratings_line = any(r.shown and r.figures.csat.mean is not None for r in ratings)
    return {
        "map": journey_map,
        "stages": stages,
        "ratings": ratings,
        "ratings_line": ratings_line,
        "legend": selectors.legend(
            table=view != "curve" and bool(stages),
            curve=view != "table" and bool(stages),
            ratings=ratings_line,
        ),
        "flagged": [overlay[s.pk] for s in stages if overlay[s.pk].contradicts],
        "lanes": LANES,
        "view": view,
        "views": [
            ("both", _("Таблица и кривая")),
            ("table", _("Таблица")),
            ("curve", _("Кривая эмоций")),
        ],
        "months": months,
        "periods": PERIODS,
        "curve": _curve(journey_map, overlay),
        "can_edit": can_edit_for(request_user(request), journey_map.body_id),
        "comments": journey_map.comments.select_related("author", "stage"),
        "comment_form": CommentForm(),
        "to_be_maps": journey_map.to_be_maps.all(),
        "recommendations": [
            (stage, item) for stage in stages for item in lines(stage.recommendations)
        ],
    }


@login_required
def map_detail(request: HttpRequest, pk: int) -> HttpResponse:
    journey_map = access.get_map_for_read(request.user, pk)
    return render(request, "journeys/map_detail.html", map_context(request, journey_map))


@login_required
def map_edit(request: HttpRequest, pk: int) -> HttpResponse:
    journey_map = access.get_map_for_write(request.user, pk)
    initial = {
        "title": journey_map.title,
        "segment": journey_map.segment,
        "variant": journey_map.variant,
        "public_changes": journey_map.public_changes,
    }
    form = MapEditForm(
        post_data(request),
        initial=initial,
        body_id=journey_map.body_id,
        to_be=journey_map.kind == JourneyMap.Kind.TO_BE,
    )
    user = request_user(request)
    if submit(form, lambda data: services.map_update(actor=user, journey_map=journey_map, **data)):
        messages.success(request, _("Изменения сохранены."))
        return redirect("journeys:detail", pk=pk)
    return render(request, "journeys/map_edit.html", {"form": form, "map": journey_map})


@login_required
@require_POST
def map_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    journey_map = access.get_map_for_write(request.user, pk)
    user = request_user(request)
    try:
        if action == "to-be":
            created = services.map_make_to_be(actor=user, journey_map=journey_map)
            messages.success(request, _("Карта TO BE создана из AS IS: измените этапы."))
            return redirect("journeys:detail", pk=created.pk)
        if action == "duplicate":
            created = services.map_duplicate(actor=user, journey_map=journey_map)
            messages.success(request, _("Копия карты создана."))
            return redirect("journeys:detail", pk=created.pk)
        if action == "publish":
            services.map_publish(actor=user, journey_map=journey_map)
            messages.success(request, _("Карта опубликована, версия сохранена."))
        elif action == "unpublish":
            services.map_unpublish(actor=user, journey_map=journey_map)
            messages.success(request, _("Карта снята с публикации."))
        elif action == "version":
            form = VersionForm(request.POST)
            version = submit(
                form,
                lambda data: services.version_save(
                    actor=user, journey_map=journey_map, note=data["note"]
                ),
            )
            if version is None:  # the note refused next to its field, kept whole
                return _versions_page(request, journey_map, form, status=422)
            messages.success(request, _("Сохранена версия %(n)s.") % {"n": version.number})
        else:
            raise Http404(action)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("journeys:detail", pk=pk)


@login_required
def stage_form(request: HttpRequest, pk: int, stage_pk: int | None = None) -> HttpResponse:
    """Add a stage, or edit every lane of one."""
    journey_map = access.get_map_for_write(request.user, pk)
    stage = access.get_stage_for_write(request.user, pk, stage_pk) if stage_pk else None
    initial = stage_initial(stage) if stage else {"emotion": 0}
    form = StageForm(post_data(request), initial=initial, journey_map=journey_map)
    user = request_user(request)

    def save(cleaned: dict[str, Any]) -> Stage:
        data = dict(cleaned)
        touchpoints = list(data.pop("touchpoints"))
        linked = list(data.pop("services")) if "services" in data else None
        if stage is None:
            return services.stage_create(
                actor=user,
                journey_map=journey_map,
                touchpoints=touchpoints,
                services=linked,
                **data,
            )
        return services.stage_update(
            actor=user, stage=stage, touchpoints=touchpoints, services=linked, **data
        )

    if submit(form, save):
        messages.success(request, _("Этап сохранён."))
        return redirect("journeys:detail", pk=pk)
    return render(
        request, "journeys/stage_form.html", {"form": form, "map": journey_map, "stage": stage}
    )


@login_required
def cell_edit(request: HttpRequest, pk: int, stage_pk: int, name: str) -> HttpResponse:
    """One lane of one stage edited in place (htmx swaps the cell; without JavaScript the
    same form is a page of its own)."""
    if name not in CELL_FIELDS:
        raise Http404(name)
    stage = access.get_stage_for_write(request.user, pk, stage_pk)
    form = CellForm(
        post_data(request), initial=stage_initial(stage), name=name, journey_map=stage.journey_map
    )
    context = {
        "map": stage.journey_map,
        "stage": stage,
        "name": name,
        "form": form,
        "label": dict(LANES).get(name, _("Этап")),
        "can_edit": True,
    }
    if request.method == "GET" and request.GET.get("show"):  # "cancel": the cell as it is
        return render(request, "journeys/_cell.html", context)
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_update(
                actor=request_user(request), stage=stage, **{name: form.cleaned_data[name]}
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if is_htmx(request):
                return render(request, "journeys/_cell.html", context)
            return redirect("journeys:detail", pk=pk)
    template = "journeys/_cell_form.html" if is_htmx(request) else "journeys/cell_page.html"
    return render(request, template, context)


@login_required
@require_POST
def stage_action(request: HttpRequest, pk: int, stage_pk: int, action: str) -> HttpResponse:
    stage = access.get_stage_for_write(request.user, pk, stage_pk)
    user = request_user(request)
    try:
        if action in ("up", "down"):
            services.stage_move(actor=user, stage=stage, offset=-1 if action == "up" else 1)
        elif action == "delete":
            services.stage_delete(actor=user, stage=stage)
            messages.success(request, _("Этап «%(t)s» удалён.") % {"t": stage.title})
        elif action == "need":
            form = NeedForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Сформулируйте потребность."))
            services.recommendation_to_need(
                actor=user, stage=stage, title=form.cleaned_data["title"]
            )
            messages.success(
                request,
                _(
                    "Потребность добавлена в жизненную ситуацию со статусом «в работе». "
                    "Граждане увидят её после следующей публикации ситуации."
                ),
            )
        else:
            raise Http404(action)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if is_htmx(request) and action in ("up", "down", "delete"):
        fresh = access.get_map_for_read(request.user, pk)
        return render(request, "journeys/map_detail.html#table", map_context(request, fresh))
    return redirect("journeys:detail", pk=pk)


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    journey_map = access.get_map_for_read(request.user, pk)
    form = CommentForm(request.POST)
    stage = None
    if request.POST.get("stage"):
        stage = next(
            (s for s in journey_map.stages.all() if str(s.pk) == request.POST["stage"]), None
        )
    user = request_user(request)
    added = submit(
        form,
        lambda data: services.comment_add(
            actor=user, journey_map=journey_map, text=data["text"], stage=stage
        ),
    )
    if added:
        messages.success(request, _("Комментарий добавлен."))
        return redirect("journeys:detail", pk=pk)
    context = map_context(request, journey_map)
    context["comment_form"] = form
    return render(request, "journeys/map_detail.html", context)


@login_required
def map_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """A TO BE map beside the AS IS map it was made from (R12)."""
    to_be = access.get_map_for_read(request.user, pk)
    if to_be.base is None:
        raise Http404("not a TO BE map")
    as_is = access.get_map_for_read(request.user, to_be.base_id)  # type: ignore[arg-type]
    before, after = selectors.snapshot(as_is), selectors.snapshot(to_be)
    result = compare(before["stages"], after["stages"], link="origin")
    labels = [row.title for row in result.rows]
    curve = svg(
        labels,
        [
            Series(
                "AS IS",
                [row.before["score"] if row.before else None for row in result.rows],
                "before",
                True,
            ),
            Series(
                "TO BE",
                [row.after["score"] if row.after else None for row in result.rows],
                "analyst",
            ),
        ],
        title=_("Эмоции AS IS и TO BE"),
        description="; ".join(
            f"{row.title}: {row.before['score'] if row.before else '—'} → "
            f"{row.after['score'] if row.after else '—'}"
            for row in result.rows
        ),
    )
    return render(
        request,
        "journeys/compare.html",
        {"as_is": as_is, "to_be": to_be, "result": result, "curve": curve},
    )


@login_required
def map_versions(request: HttpRequest, pk: int) -> HttpResponse:
    journey_map = access.get_map_for_read(request.user, pk)
    return _versions_page(request, journey_map, VersionForm())


def _versions_page(
    request: HttpRequest, journey_map: JourneyMap, version_form: VersionForm, status: int = 200
) -> HttpResponse:
    """The map's versions, a comparison of two, and the form that saves a new one."""
    versions = list(selectors.versions(journey_map))
    by_number = {v.number: v for v in versions}
    result = None
    left, right = ascii_int(request.GET.get("a")), ascii_int(request.GET.get("b"))
    if left is not None and right is not None:
        a, b = by_number.get(left), by_number.get(right)
        if a is None or b is None:
            messages.error(request, _("Такой версии нет."))
        else:
            result = compare(a.snapshot["stages"], b.snapshot["stages"], link="id")
    return render(
        request,
        "journeys/versions.html",
        {
            "map": journey_map,
            "versions": versions,
            "result": result,
            "a": left,
            "b": right,
            "version_form": version_form,
            "can_edit": can_edit_for(request_user(request), journey_map.body_id),
        },
        status=status,
    )
