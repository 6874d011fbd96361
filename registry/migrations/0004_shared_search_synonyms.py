"""The shared synonyms the product comes with: words people type for the life situations
of the seeds that the registry's texts name otherwise. Bodies add their own."""

from django.db import migrations

SHARED = [
    ("переехал", "переезд"),
    ("переезжаю", "переезд"),
    ("детсад", "детский сад"),
    ("садик", "детский сад"),
    ("ясли", "детский сад"),
    ("родила", "рождение ребёнка"),
    ("родился", "рождение ребёнка"),
    ("роды", "рождение ребёнка"),
    ("новорождённый", "рождение ребёнка"),
    ("пенсионер", "пенсия"),
    ("уволили", "потеря работы"),
    ("безработный", "потеря работы"),
    ("маткапитал", "материнский капитал"),
    ("инвалидность", "инвалид"),
    ("ип", "предприниматель"),
]


def load(apps, schema_editor):
    from lib.morph import lemmas

    SearchSynonym = apps.get_model("registry", "SearchSynonym")
    for word, means in SHARED:
        SearchSynonym.objects.get_or_create(
            body=None, word_lemma=lemmas(word)[0], defaults={"word": word, "means": means}
        )


def unload(apps, schema_editor):
    apps.get_model("registry", "SearchSynonym").objects.filter(body=None).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_search_synonyms")]
    operations = [migrations.RunPython(load, unload)]
