from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proactive", "0005_booking_cancelled_at"),
        ("registry", "0002_touchpoint_time_zone"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="booking", name="one_visitor_per_slot"),
        migrations.AddConstraint(
            model_name="booking",
            constraint=models.UniqueConstraint(
                condition=models.Q(("cancelled_at__isnull", True)),
                fields=("touchpoint", "starts_at"),
                name="one_visitor_per_slot",
            ),
        ),
        migrations.AddConstraint(
            model_name="booking",
            constraint=models.UniqueConstraint(
                condition=models.Q(("cancelled_at__isnull", True)),
                fields=("offer",),
                name="one_active_booking_per_offer",
            ),
        ),
    ]
