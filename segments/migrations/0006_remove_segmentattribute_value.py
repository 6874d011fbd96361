from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("segments", "0005_attribute_values_several")]

    operations = [migrations.RemoveField(model_name="segmentattribute", name="value")]
