"""When a profile may be final (R6, R7): the reasons, in words the analyst acts on.

Reads only; services refuse a finalisation with these reasons and pages show them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from segments.models import MAX_ATTRIBUTES, MIN_ATTRIBUTES, Hypothesis, Segment


def attribute_count_problem(count: int) -> str:
    """R6: a profile has 5 to 15 attributes; the message says what to do."""
    if count < MIN_ATTRIBUTES:
        return _("В профиле %(n)s признаков из минимум %(min)s: добавьте ещё %(more)s.") % {
            "n": count,
            "min": MIN_ATTRIBUTES,
            "more": MIN_ATTRIBUTES - count,
        }
    if count > MAX_ATTRIBUTES:
        return _("В профиле %(n)s признаков, а нужно не больше %(max)s: уберите %(less)s.") % {
            "n": count,
            "max": MAX_ATTRIBUTES,
            "less": count - MAX_ATTRIBUTES,
        }
    return ""


def profile_problems(segment: Segment) -> list[str]:
    """Why the profile cannot be final yet (R6, R7); empty when it can."""
    problems = []
    count_problem = attribute_count_problem(segment.attributes.count())
    if count_problem:
        problems.append(count_problem)
    hypotheses = list(segment.hypotheses.all())
    if not hypotheses:
        problems.append(_("Нет ни одной гипотезы об особенностях пути или каналах."))
    unchecked = [h for h in hypotheses if h.status == Hypothesis.Status.PROPOSED]
    if unchecked:
        problems.append(
            _("Не проверено гипотез: %(n)s. Подтвердите или опровергните каждую.")
            % {"n": len(unchecked)}
        )
    if not segment.respondents.exists():
        problems.append(_("Сегмент не представлен ни одним респондентом исследования."))
    return problems
