"""Program names become unique whatever their case (issue 15).

Existing duplicates are renamed first, never deleted: the oldest program keeps its name and each
later one gets " (2)", " (3)", ... (the first free suffix), so every program, its pairs and its
history stay as they were and a coordinator can rename them afterwards.
"""

from django.db import migrations, models
from django.db.models.functions import Lower


def new_names(rows):
    """{pk: new name} for the duplicates among (pk, name) rows given oldest first."""
    taken = {name.lower() for _, name in rows}
    seen = set()
    renamed = {}
    for pk, name in rows:
        key = name.lower()
        if key not in seen:
            seen.add(key)
            continue
        n = 2
        while f"{name[:190]} ({n})".lower() in taken:
            n += 1
        new = f"{name[:190]} ({n})"
        taken.add(new.lower())
        seen.add(new.lower())
        renamed[pk] = new
    return renamed


def rename_duplicates(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    rows = list(Program.objects.order_by("created_at", "pk").values_list("pk", "name"))
    for pk, name in new_names(rows).items():
        Program.objects.filter(pk=pk).update(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0007_program_version"),
    ]

    operations = [
        migrations.RunPython(rename_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="program",
            constraint=models.UniqueConstraint(Lower("name"), name="program_name_unique_ci"),
        ),
    ]
