from django.db import migrations


def seed_topics(apps, schema_editor):  # type: ignore[no-untyped-def]
    from upward.programs.catalog import SEED_TOPICS

    Topic = apps.get_model("programs", "Topic")
    for slug, name, description, sensitive in SEED_TOPICS:
        Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sensitive": sensitive}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0002_participant_consent_version_participant_invited_at_and_more"),
    ]

    operations = [migrations.RunPython(seed_topics, migrations.RunPython.noop)]
