"""Mail the heads of bodies whose yearly segment report is overdue (R10).

Run daily (cron or the task worker). Each overdue report is announced once: the row is
claimed with a conditional update, so two runs at the same time never send twice.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from accounts.models import Body, Role, User
from mailings.services import mail_send
from segments import selectors
from segments.models import YearlyReport


class Command(BaseCommand):
    help = "Письма руководителям органов о просроченных годовых отчётах о профилях сегментов."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = 0
        for body in Body.objects.filter(segments__isnull=False).distinct():
            for year in selectors.overdue_report_years(body=body):
                report, _created = YearlyReport.objects.get_or_create(body=body, year=year)
                claimed = YearlyReport.objects.filter(
                    pk=report.pk, overdue_notified_at__isnull=True, submitted_at__isnull=True
                ).update(overdue_notified_at=timezone.now())
                if not claimed:
                    continue
                heads = User.objects.filter(body=body, role=Role.HEAD, is_active=True).exclude(
                    email=""
                )
                url = settings.SITE_URL + reverse("segments:report", args=[year])
                for head in heads:
                    mail_send(
                        email=head.email,
                        topic="segments_report",
                        subject=f"Просрочен отчёт о профилях клиентских сегментов за {year} год",
                        body=(
                            f"Здравствуйте!\n\nОтчёт {body.short_name} о профилях клиентских "
                            f"сегментов за {year} год нужно было утвердить до "
                            f"{YearlyReport.deadline_for(year):%d.%m.%Y}.\n"
                            f"Что не готово и как утвердить: {url}\n"
                        ),
                    )
                    sent += 1
        self.stdout.write(f"sent {sent}")
