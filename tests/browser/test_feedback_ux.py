"""Issue 16, the feedback's smaller defects and basics (R18–R20): what a person rating a
service, reading the published results or working on the body's dashboard meets.

- ALTCHA's style was blocked by the CSP on every rating page (a console error), and its
  second language file failed to load;
- the kiosk had web-size targets and a link out of kiosk mode;
- the widget of an unknown or switched-off point left a blank 560 px gap on the host page;
- a comment over 2 000 characters was cut silently by the browser;
- ``/otsenki/`` linked neither life situations' results, «Вы сказали — мы сделали» nor
  the open data;
- the results were tables only: charts now come first, the tables after."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from feedback import services
from feedback.models import Rating, RatingPoint
from feedback.tests.fixtures import rate
from tests.browser.conftest import assert_accessible, login, screenshot

if TYPE_CHECKING:
    from feedback.tests.fixtures import Place

pytestmark = pytest.mark.browser


#: A form refused by the server answers 422 and the console says so: not a problem.
REFUSED_FORM = "Failed to load resource: the server responded with a status of 422"


def _record_problems(page: Page) -> list[str]:
    """Errors the browser reports on the page: the console's (a CSP refusal is one) and
    scripts that fail."""
    problems: list[str] = []

    def console(message) -> None:
        if message.type == "error" and not message.text.startswith(REFUSED_FORM):
            problems.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_rating_pages_run_altcha_without_breaking_the_csp(
    transactional_db, place: Place, new_page, lang
):
    """ALTCHA's UMD build injected a <style> the CSP (style-src 'self') refused on every
    rating page, and its two language files declared the same global and the second
    failed. The module build injects nothing; the check box speaks the page's language and
    the proof of work still runs."""
    page = new_page()
    problems = _record_problems(page)
    robot = {"ru": "Я не робот", "en": "I'm not a robot"}[lang]
    for url in ("", "q/", "kiosk/", "embed/"):
        code = place.portal_point.code if url == "embed/" else place.point.code
        page.goto(f"/o/{code}/{url}?lang={lang}")
        expect(page.locator("altcha-widget")).to_contain_text(robot)
        assert problems == [], f"/o/{code}/{url}: {problems}"
    page.goto(f"/o/{place.point.code}/?lang={lang}")
    page.locator("input[name=csat][value='5']").check()
    page.locator("form.kc-rating-form button[type=submit]").click()
    expect(page.locator(".govuk-panel__title")).to_be_visible()
    assert Rating.objects.get().verdict == "challenge"
    assert problems == []
    assert_accessible(page, "thank-you")


#: What a finger may touch on a page: its links, buttons and fields.
TARGETS = "a[href], button, input:not([type=hidden]), textarea, select"


def _targets(page: Page) -> list[dict[str, Any]]:
    """Every target a person can see (the honeypot is off-screen, and not one)."""
    found: list[dict[str, Any]] = page.evaluate(
        """selector => [...document.querySelectorAll(selector)]
          .filter(e => e.offsetParent !== null && !e.closest('.kc-honeypot'))
          .map(e => { const r = e.getBoundingClientRect();
            return {what: e.outerHTML.slice(0, 80), href: e.getAttribute('href'),
                    width: r.width, height: r.height}; })""",
        TARGETS,
    )
    return found


def test_the_kiosk_has_finger_size_targets_and_no_way_out(transactional_db, place: Place, new_page):
    """A tablet on a stand: every target at least 44 × 44 px (WCAG 2.5.5, 2.5.8), and no
    link that leaves the kiosk (the results page, ALTCHA's site) — a visitor who followed
    one left the next visitor a browser instead of the form."""
    kiosk = f"/o/{place.point.code}/kiosk/"
    page = new_page(has_touch=True)
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(kiosk)
    expect(page.locator("altcha-widget")).to_contain_text("Я не робот")
    targets = _targets(page)
    assert len(targets) > 10
    small = [t for t in targets if t["width"] < 44 or t["height"] < 44]
    assert small == [], small
    assert [t for t in targets if t["href"] is not None] == []
    screenshot(page, "feedback-kiosk")
    page.locator("input[name=csat][value='4']").check()
    page.get_by_role("button", name="Отправить оценку").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Спасибо!")
    targets = _targets(page)
    assert [t["href"] for t in targets] == [kiosk]
    assert all(t["width"] >= 44 and t["height"] >= 44 for t in targets), targets
    assert_accessible(page, "kiosk thank-you")


def _host_page(server: str, code: str, mode: str) -> str:
    return f"""<!DOCTYPE html><html lang="ru"><head><title>Сайт министерства</title></head>
      <body><main><h1>Ежемесячная выплата</h1><p id="before">Текст до виджета.</p>
      <script src="{server}/o/widget.js" data-point="{code}" data-mode="{mode}"></script>
      <p id="after">Текст после виджета.</p></main></body></html>"""


@pytest.mark.parametrize("case", ["unknown", "switched off", "site not listed"])
@pytest.mark.parametrize("mode", ["inline", "modal"])
def test_a_widget_that_cannot_show_draws_nothing(
    transactional_db, world, place: Place, new_page, other_site, live_server, case, mode
):
    """An unknown code left a blank 560 px frame on the host page (and a modal button that
    opened an empty dialog): the script now asks first and draws nothing, saying why in
    the console; the text after the tag follows the text before it."""
    pages, origin = other_site
    point = place.portal_point
    if case != "site not listed":
        services.point_frame_origins_set(actor=world.analyst, point=point, frame_origins=origin)
    if case == "switched off":
        RatingPoint.objects.filter(pk=point.pk).update(is_active=False)
    code = "nosuchcode" if case == "unknown" else point.code
    pages["/"] = _host_page(live_server.url, code, mode)
    site = new_page()
    warnings: list[str] = []
    site.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    site.goto(origin + "/")
    for _ in range(50):  # the script's question and its answer take a moment
        if warnings:
            break
        site.wait_for_timeout(100)
    gap = site.evaluate(
        "() => document.getElementById('after').getBoundingClientRect().top"
        " - document.getElementById('before').getBoundingClientRect().bottom"
    )
    assert gap < 40, f"{gap} px between the texts around the widget's tag"
    expect(site.locator("[data-kc-rating]")).to_have_count(0)
    expect(site.locator("iframe")).to_have_count(0)
    assert any("виджет не показан" in w for w in warnings), warnings


def test_a_listed_site_still_gets_its_inline_widget(
    transactional_db, world, place: Place, new_page, other_site, live_server
):
    pages, origin = other_site
    point = place.portal_point
    services.point_frame_origins_set(actor=world.analyst, point=point, frame_origins=origin)
    pages["/"] = _host_page(live_server.url, point.code, "inline")
    site = new_page()
    site.goto(origin + "/")
    frame = site.frame_locator("iframe[title='Оценка услуги']")
    expect(frame.get_by_label("5 — Очень доволен")).to_be_visible()


def test_a_long_comment_is_counted_and_refused_never_cut(transactional_db, place: Place, new_page):
    """A comment pasted over 2 000 characters was cut by the browser at the limit without a
    word. As GOV.UK's character count: the count as one types, and the server refuses a
    longer comment next to the field, naming the limit, with the whole text kept."""
    page = new_page()
    problems = _record_problems(page)
    page.goto(f"/o/{place.point.code}/")
    comment = page.get_by_label("Что вы хотите нам сказать? (необязательно)")
    expect(page.locator(".govuk-character-count__status")).to_have_text("Осталось 2\xa0000 знаков")
    comment.fill("Очередь")
    expect(page.locator(".govuk-character-count__status")).to_have_text("Осталось 1\xa0993 знака")
    comment.fill("а" * 2_021)
    expect(page.locator(".govuk-character-count__status")).to_have_text("21 знак лишний")
    assert comment.evaluate("t => t.value.length") == 2_021  # not cut
    page.get_by_label("2 — Скорее недоволен").check()
    page.get_by_role("button", name="Отправить оценку").click()
    message = "не больше 2\xa0000 знаков, сейчас 2\xa0021. Сократите текст."
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    expect(page.locator("#id_comment_error")).to_contain_text(message)
    assert comment.evaluate("t => t.value.length") == 2_021  # kept whole, to shorten
    assert not Rating.objects.exists()
    assert problems == []
    assert_accessible(page, "a comment over the limit")
    comment.fill("а" * 2_000)
    expect(page.locator(".govuk-character-count__status")).to_have_text("Больше знаков не осталось")
    page.get_by_role("button", name="Отправить оценку").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Спасибо!")
    assert len(Rating.objects.get().comment) == 2_000


def test_the_results_index_leads_to_situations_changes_and_open_data(
    transactional_db, world, place: Place, published_situation, new_page
):
    """R20: /otsenki/ linked only the services and bodies; a life situation's results, «Вы
    сказали — мы сделали» and the open data were not one click away."""
    for index in range(11):
        rate(published_situation, 5 - index % 2)
    services.change_create(
        actor=world.analyst, subject=place.service, said="Долго ждать в очереди",
        did="Открыли второе окно", done_on=dt.date(2026, 3, 1),
    )  # fmt: skip
    page = new_page()
    page.goto("/otsenki/")
    situations = page.locator("#public-situations")
    expect(situations).to_contain_text("Рождение ребёнка")
    assert_accessible(page, "results index")
    situations.get_by_role("link", name="Рождение ребёнка").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Рождение ребёнка")
    expect(page.locator("#total")).to_contain_text("11")
    page.go_back()
    changes = page.locator("#changes ~ .govuk-inset-text")
    expect(changes).to_contain_text("Открыли второе окно")
    changes.get_by_role("link", name="Ежемесячная выплата").click()
    expect(page.locator("#changes + .govuk-inset-text")).to_contain_text("Открыли второе окно")
    page.go_back()
    page.locator("#open-data ~ ul").get_by_role("link", name="Открытые данные: CSV").click()
    page.goto("/otsenki/")
    with page.expect_response("**/otsenki/data.json") as answer:
        page.get_by_role("link", name="Открытые данные: JSON").click()
    assert answer.value.ok


def test_the_dashboard_finds_internal_clients_by_who_rated(
    transactional_db, world, place: Place, new_page
):
    """R18: a civil servant at work is an internal client. The figures could not be read
    by who rated, and the API took «internal» from anyone who sent it; now the kind follows
    the caller, and «Кто оценивал» filters the dashboard by it."""
    for score in (5, 4, 4):
        rate(place.service, score, touchpoint=place.office)
    servant = new_page()
    login(servant, "servant")
    servant.goto(f"/o/{place.point.code}/")
    servant.get_by_label("2 — Скорее недоволен").check()
    servant.get_by_role("button", name="Отправить оценку").click()
    expect(servant.locator(".govuk-panel__title")).to_have_text("Спасибо!")
    assert Rating.objects.filter(client_kind="internal").count() == 1
    page = new_page()
    login(page, "alice")
    page.goto("/kabinet/otsenki/")
    expect(page.locator("#total-n")).to_have_text("4")
    expect(page.locator("#by-client_kind")).to_contain_text("Внутренние клиенты (госслужащие)")
    page.get_by_label("Кто оценивал").select_option(label="Внутренние клиенты (госслужащие)")
    page.get_by_role("button", name="Показать").click()
    expect(page.locator("#total-n")).to_have_text("1")
    expect(page.get_by_label("Кто оценивал")).to_have_value("internal")
    assert_accessible(page, "dashboard filtered by who rated")


def _ratings_over_months(place: Place) -> None:
    """Ratings over five months, rising; one month with too few to publish."""
    from django.utils import timezone

    today = timezone.localdate().replace(day=15)
    scores = {5: [3, 3, 4, 2, 3, 4, 3, 3, 4, 3, 2], 4: [4, 3, 4, 4], 3: [4, 4, 3, 5, 4, 4, 4, 3,
              4, 5, 4], 2: [4, 5, 4, 4, 5, 3, 4, 5, 4, 5, 4, 4], 0: [5, 4, 5, 5, 4, 5, 4, 5, 5,
              4, 1, 5]}  # fmt: skip
    for back, month_scores in scores.items():
        when = today
        for _ in range(back):
            when = (when.replace(day=1) - dt.timedelta(days=1)).replace(day=15)
        ids = [rate(place.service, s, touchpoint=place.office).pk for s in month_scores]
        moment = timezone.make_aware(dt.datetime.combine(when, dt.time(12)))
        Rating.objects.filter(pk__in=ids).update(created_at=moment)


def test_public_results_show_charts_first_and_tables_after(
    transactional_db, place: Place, new_page
):
    """Issue 16, basics: the published results were tables only. A trend line and how the
    scores divide come first — server-drawn SVG, each named for screen readers and summed
    up in words — and the tables follow; the interval is explained in plain words."""
    _ratings_over_months(place)
    page = new_page()
    problems = _record_problems(page)
    page.goto(f"/otsenki/usluga/{place.service.slug}/")
    trend = page.locator("#public-trend-chart")
    distribution = page.locator("#public-distribution-chart")
    expect(trend.get_by_role("img", name="Средняя оценка по месяцам, из 5")).to_be_visible()
    expect(trend).to_contain_text("Месяцы, где оценок меньше десяти, пропущены.")
    expect(distribution.get_by_role("img", name="Как оценили: доля оценок")).to_be_visible()
    expect(distribution).to_contain_text("Из 50 оценок: довольны")
    expect(page.locator("#intervals")).to_contain_text("почти наверняка")
    expect(page.locator("#public-touchpoints")).to_contain_text("Средняя оценка из 5 (пределы)")
    expect(page.locator("body")).not_to_contain_text("ДИ")
    order = page.evaluate(
        """() => ['#public-trend-chart', '#public-distribution-chart', '#public-touchpoints']
          .map(s => document.querySelector(s).getBoundingClientRect().top)"""
    )
    assert order == sorted(order), order
    assert problems == []
    assert_accessible(page, "public results with charts")
    screenshot(page, "feedback-public")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page, "public results with charts on a phone")


def test_the_dashboard_opens_with_the_charts(transactional_db, place: Place, new_page):
    _ratings_over_months(place)
    page = new_page()
    login(page, "alice")
    page.goto("/kabinet/otsenki/")
    expect(page.locator("#trend-chart").get_by_role("img")).to_be_visible()
    expect(page.locator("#trend-chart")).to_contain_text("Месяцы без оценок пропущены.")
    expect(page.locator("#distribution-chart")).to_contain_text("Из 50 оценок")
    assert_accessible(page, "dashboard with charts")
    screenshot(page, "feedback-dashboard")
