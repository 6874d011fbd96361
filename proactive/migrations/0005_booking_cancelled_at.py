"""A booking can be cancelled; where the old code let one offer be booked twice (two
cities), the later bookings are cancelled, so that the next migration can hold one active
booking per offer. The constraints come in the next migration, in its own transaction."""

from django.db import migrations, models
from django.db.models import Min
from django.utils import timezone


def cancel_duplicates(apps, schema_editor):
    Booking = apps.get_model("proactive", "Booking")
    first = Booking.objects.values("offer_id").annotate(first=Min("pk")).values_list("first")
    Booking.objects.exclude(pk__in=first).update(cancelled_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("proactive", "0004_snils_verification_and_event_sources")]

    operations = [
        migrations.AddField(
            model_name="booking",
            name="cancelled_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="отменена"),
        ),
        migrations.RunPython(cancel_duplicates, migrations.RunPython.noop),
    ]
