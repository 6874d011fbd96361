"""Profiles: attribute count (R6), finalisation (R7), versions and review (R9)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from segments import rules, services
from segments.models import Attribute, Hypothesis, Segment
from segments.tests.conftest import give_attributes, make_final_ready


def test_shared_catalogue_has_standard_and_special_attributes(catalogue):  # R5
    kinds = {a.source_kind for a in catalogue.values()}
    assert Attribute.SourceKind.STANDARD in kinds
    assert any(a.is_special for a in catalogue.values())
    assert all(a.values for a in catalogue.values())


def test_value_outside_the_catalogue_is_refused(world, segment, catalogue):  # R5
    with pytest.raises(ValidationError) as exc:
        services.segment_attribute_set(
            actor=world.analyst, segment=segment, attribute=catalogue["age"], value="120 лет"
        )
    assert "допустимы значения" in str(exc.value.message_dict["value"])
    assert not segment.attributes.exists()


def test_a_value_typed_with_another_dash_or_case_is_the_catalogues(world, segment, catalogue):
    # Issue 16, item 9: «36-55 лет» with a hyphen and «Работает по найму» with a capital
    # were refused; they are the catalogue's values, stored as the catalogue spells them.
    row = services.segment_attribute_set(
        actor=world.analyst, segment=segment, attribute=catalogue["age"], value="36-55 лет"
    )
    assert row.values == ["36–55 лет"]
    row = services.segment_attribute_set(
        actor=world.analyst,
        segment=segment,
        attribute=catalogue["employment"],
        value="Работает по найму",
    )
    assert row.values == ["работает по найму"]


def test_several_values_where_the_catalogue_allows(world, segment, catalogue):  # R5
    row = services.segment_attribute_set(
        actor=world.analyst,
        segment=segment,
        attribute=catalogue["channel"],
        values=["портал Госуслуг", "лично", "лично"],
    )
    assert row.values == ["лично", "портал Госуслуг"]  # the catalogue's order, once each
    assert row.value == "лично; портал Госуслуг"
    with pytest.raises(ValidationError) as exc:
        services.segment_attribute_set(
            actor=world.analyst,
            segment=segment,
            attribute=catalogue["age"],
            values=["18–35 лет", "36–55 лет"],
        )
    assert "одно значение" in exc.value.message_dict["values"][0]


def test_another_bodys_own_attribute_cannot_be_used(world, segment):  # R5
    foreign = services.attribute_create(
        actor=world.other_analyst,
        body=world.other_body,
        name="Стаж работы на судне",
        source_kind="documents",
        values=["до года", "больше года"],
    )
    with pytest.raises(ValidationError):
        services.segment_attribute_set(
            actor=world.analyst, segment=segment, attribute=foreign, value="до года"
        )


def test_body_extends_the_catalogue_without_duplicating_a_shared_name(world):  # R5
    with pytest.raises(ValidationError) as exc:
        services.attribute_create(
            actor=world.analyst,
            body=world.body,
            name="Возраст",
            source_kind="standard",
            values=["молодой"],
            code="age",
        )
    assert "name" in exc.value.message_dict


@pytest.mark.parametrize(("count", "flagged"), [(4, True), (5, False), (15, False), (16, True)])
def test_profile_outside_five_to_fifteen_attributes_is_flagged(count, flagged):  # R6
    assert bool(rules.attribute_count_problem(count)) is flagged


def test_segment_with_four_attributes_cannot_be_final(world, segment, catalogue):  # R6
    make_final_ready(world, segment, catalogue, n_attributes=4)
    with pytest.raises(ValidationError) as exc:
        services.segment_finalise(actor=world.analyst, segment=segment)
    assert "добавьте ещё 1" in " ".join(exc.value.message_dict["status"])
    segment.refresh_from_db()
    assert segment.status == Segment.Status.DRAFT


def test_final_refused_without_respondent(world, segment, catalogue):  # R7
    give_attributes(world.analyst, segment, catalogue, 5)
    hypothesis = services.hypothesis_add(
        actor=world.analyst, segment=segment, kind="journey", statement="Едут в райцентр"
    )
    services.hypothesis_check(
        actor=world.analyst, hypothesis=hypothesis, status="confirmed", evidence="Опрос 2026"
    )
    with pytest.raises(ValidationError) as exc:
        services.segment_finalise(actor=world.analyst, segment=segment)
    assert "респондент" in " ".join(exc.value.message_dict["status"])


def test_final_refused_with_unchecked_hypothesis(world, segment, catalogue):  # R7
    make_final_ready(world, segment, catalogue)
    services.hypothesis_add(
        actor=world.analyst, segment=segment, kind="journey", statement="Не знают о праве"
    )
    with pytest.raises(ValidationError) as exc:
        services.segment_finalise(actor=world.analyst, segment=segment)
    assert "Не проверено гипотез: 1" in " ".join(exc.value.message_dict["status"])


def test_profile_meeting_r6_and_r7_becomes_final(world, segment, catalogue):  # R6 R7
    make_final_ready(world, segment, catalogue)
    services.segment_finalise(actor=world.analyst, segment=segment)
    segment.refresh_from_db()
    assert segment.status == Segment.Status.FINAL
    assert AuditEvent.objects.filter(action="segments.segment_finalise").count() == 1


def test_finding_confirms_its_hypothesis_with_the_study_as_evidence(
    world, segment, catalogue
):  # R7
    make_final_ready(world, segment, catalogue)
    hypothesis = segment.hypotheses.get()
    assert hypothesis.status == Hypothesis.Status.CONFIRMED
    assert "Фокус-группа" in hypothesis.evidence


def test_checking_a_hypothesis_requires_evidence(world, segment):  # R7
    hypothesis = services.hypothesis_add(
        actor=world.analyst, segment=segment, kind="channel", statement="Пишут в чат-бот"
    )
    with pytest.raises(ValidationError) as exc:
        services.hypothesis_check(
            actor=world.analyst, hypothesis=hypothesis, status="rejected", evidence="  "
        )
    assert "evidence" in exc.value.message_dict


def test_respondent_without_consent_is_refused(world, segment):  # R7, 152-ФЗ
    study = services.study_create(
        actor=world.analyst, body=world.body, title="Интервью", method="interview"
    )
    with pytest.raises(ValidationError) as exc:
        services.respondent_add(
            actor=world.analyst, study=study, code="R1", segment=segment, consent=False
        )
    assert "consent" in exc.value.message_dict
    assert not study.respondents.exists()


@pytest.mark.parametrize(
    ("code", "note", "field"),
    [
        ("Иванов Иван Иванович", "", "code"),
        ("Марина", "", "code"),
        ("+7 914 123-45-67", "", "code"),
        ("ivan@mail.ru", "", "code"),
        ("112-233-445 95", "", "code"),
        ("Р-01", "Анна Петрова, звонить 8 914 123 45 67", "note"),
    ],
)
def test_a_name_or_a_contact_is_refused_as_a_respondent(world, segment, code, note, field):
    # 152-ФЗ minimisation: the page says «имена и контакты здесь не хранятся» (issue 16, 8).
    study = services.study_create(
        actor=world.analyst, body=world.body, title="Интервью", method="interview"
    )
    with pytest.raises(ValidationError) as exc:
        services.respondent_add(
            actor=world.analyst, study=study, code=code, segment=segment, consent=True, note=note
        )
    assert "Похоже на" in exc.value.message_dict[field][0]
    assert not study.respondents.exists()


def test_a_study_note_with_a_phone_is_refused(world):
    study = services.study_create(
        actor=world.analyst, body=world.body, title="Интервью", method="interview"
    )
    with pytest.raises(ValidationError, match="номер телефона"):
        services.study_note_add(
            actor=world.analyst, study=study, kind="note", text="Перезвонить: +7 914 123-45-67"
        )


def test_a_respondent_is_deleted_audited_without_the_code(world, segment, catalogue):  # R7
    study = make_final_ready(world, segment, catalogue)
    services.segment_finalise(actor=world.analyst, segment=segment)
    services.study_finish(actor=world.analyst, study=study)  # even a finished study
    respondent = study.respondents.get()
    services.respondent_remove(actor=world.analyst, respondent=respondent)
    assert not study.respondents.exists()
    event = AuditEvent.objects.get(action="segments.respondent_remove")
    assert "Р-01" not in str(event.changes)
    segment.refresh_from_db()
    assert segment.status != Segment.Status.FINAL  # R7: no respondent left


def test_the_head_cannot_delete_a_respondent(world, segment, catalogue):
    study = make_final_ready(world, segment, catalogue)
    with pytest.raises(ValidationError):
        services.respondent_remove(actor=world.head, respondent=study.respondents.get())
    assert study.respondents.exists()


def test_every_profile_change_is_a_version_with_who_and_why(world, segment, catalogue):  # R9
    give_attributes(world.analyst, segment, catalogue, 2)
    services.segment_update(
        actor=world.analyst,
        segment=segment,
        reason="Данные Росстата 2026",
        capacity=12400,
        capacity_source="rosstat",
    )
    versions = list(segment.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3, 4]
    assert versions[-1].reason == "Данные Росстата 2026"
    assert versions[-1].author == world.analyst
    assert versions[-1].snapshot["capacity"].startswith("12\u00a0400; Росстат")
    assert versions[0].snapshot["attributes"] == []


def test_update_without_reason_is_refused_and_changes_nothing(world, segment):  # R9
    with pytest.raises(ValidationError) as exc:
        services.segment_update(actor=world.analyst, segment=segment, reason=" ", name="Другое")
    assert "reason" in exc.value.message_dict
    segment.refresh_from_db()
    assert segment.name == "Многодетные семьи в сёлах"
    assert segment.versions.count() == 1


def test_an_unchanged_save_makes_no_new_version(world, segment):  # R9
    services.segment_update(actor=world.analyst, segment=segment, reason="то же", name=segment.name)
    assert segment.versions.count() == 1


def test_finished_study_marks_final_profile_for_review(world, segment, catalogue):  # R9
    study = make_final_ready(world, segment, catalogue)
    services.segment_finalise(actor=world.analyst, segment=segment)
    flagged = services.study_finish(actor=world.analyst, study=study, summary="Итоги")
    segment.refresh_from_db()
    assert flagged == [segment]
    assert segment.status == Segment.Status.NEEDS_REVIEW
    assert "Фокус-группа в Тынде" in segment.review_reason
    assert segment.versions.first().snapshot["status"] == "Нужно пересмотреть"


def test_finished_study_cannot_take_new_respondents(world, segment):
    study = services.study_create(
        actor=world.analyst, body=world.body, title="Опрос", method="survey"
    )
    services.study_finish(actor=world.analyst, study=study)
    with pytest.raises(ValidationError):
        services.respondent_add(
            actor=world.analyst, study=study, code="R9", segment=segment, consent=True
        )


def test_new_hypothesis_sends_a_final_profile_back_to_draft(world, segment, catalogue):  # R7 R9
    make_final_ready(world, segment, catalogue)
    services.segment_finalise(actor=world.analyst, segment=segment)
    services.hypothesis_add(
        actor=world.analyst, segment=segment, kind="journey", statement="Новая гипотеза"
    )
    segment.refresh_from_db()
    assert segment.status == Segment.Status.DRAFT


def test_applicants_above_entitled_is_refused(world, segment):  # R8
    with pytest.raises(ValidationError) as exc:
        services.segment_update(
            actor=world.analyst,
            segment=segment,
            reason="статистика",
            entitled_count=100,
            applicants_count=150,
        )
    assert "applicants_count" in exc.value.message_dict


def test_head_cannot_change_a_profile(world, segment):
    with pytest.raises(ValidationError):
        services.segment_update(actor=world.head, segment=segment, reason="x", name="Иное")


def _rated(segment, value: str, n: int) -> bool:
    from decimal import Decimal

    return services.segment_satisfaction_from_ratings(
        segment_id=segment.pk, value=Decimal(value), n=n
    )


def _final_with_survey(world, segment, survey: str, catalogue):
    from decimal import Decimal

    from segments.tests.conftest import make_final_ready

    make_final_ready(world, segment, catalogue)
    services.segment_update(
        actor=world.analyst, segment=segment, reason="опрос 2026",
        satisfaction=Decimal(survey), satisfaction_source="survey",
    )  # fmt: skip
    services.segment_finalise(actor=world.analyst, segment=segment)
    segment.refresh_from_db()
    assert segment.status == "final"
    return segment


def test_ratings_are_kept_beside_the_survey_never_over_it(world, segment, catalogue):  # R9
    from decimal import Decimal

    segment = _final_with_survey(world, segment, "4.00", catalogue)
    assert _rated(segment, "3.80", 500)
    segment.refresh_from_db()
    assert segment.satisfaction == Decimal("4.00") and segment.satisfaction_source == "survey"
    assert (segment.ratings_satisfaction, segment.ratings_count) == (Decimal("3.80"), 500)
    assert segment.status == "final"  # within the interval: nothing to review
    assert segment.versions.filter(reason__contains="по оценкам клиентов").exists()


def test_few_ratings_do_not_send_a_profile_to_review(world, segment, catalogue):  # R9
    segment = _final_with_survey(world, segment, "4.00", catalogue)
    _rated(segment, "2.00", 12)  # far off, but twelve ratings prove little
    segment.refresh_from_db()
    assert segment.status == "final" and segment.ratings_count == 12


def test_enough_ratings_beyond_the_interval_send_it_to_review(world, segment, catalogue):  # R9
    segment = _final_with_survey(world, segment, "4.00", catalogue)
    _rated(segment, "3.20", services.RATINGS_ENOUGH)
    segment.refresh_from_db()
    assert segment.status == "needs_review"
    assert "дальше чем на 0.5 от данных исследования (4.00)" in segment.review_reason


def test_a_reviewed_profile_is_not_sent_back_while_the_ratings_stay(
    world, segment, catalogue
):  # R9
    segment = _final_with_survey(world, segment, "4.00", catalogue)
    _rated(segment, "3.20", 40)
    services.segment_finalise(actor=world.analyst, segment=segment)  # reviewed: final again
    versions = segment.versions.count()
    assert not _rated(segment, "3.20", 55)  # more ratings, the same figure: no version
    segment.refresh_from_db()
    assert segment.status == "final" and segment.ratings_count == 55
    assert segment.versions.count() == versions
    _rated(segment, "3.30", 60)  # moved, but not on from the reviewed figure
    segment.refresh_from_db()
    assert segment.status == "final"
    _rated(segment, "2.50", 70)  # moved on: review again
    segment.refresh_from_db()
    assert segment.status == "needs_review"
