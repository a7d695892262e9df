"""Objectives become records with a measure and a target (issue 15).

The old free-text objectives (one per line) become objectives with no measure yet: their
coordinator chooses one on the program page ("not measured yet" until then).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def lines_to_objectives(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    Objective = apps.get_model("programs", "Objective")
    for program in Program.objects.exclude(objectives_text=""):
        lines = [line.strip() for line in program.objectives_text.splitlines() if line.strip()]
        Objective.objects.bulk_create(
            Objective(program=program, statement=line[:300], position=i)
            for i, line in enumerate(lines, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0008_program_name_unique_ci"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Out of the way of the new relation's name (program.objectives) until copied.
        migrations.RenameField(
            model_name="program", old_name="objectives", new_name="objectives_text"
        ),
        migrations.CreateModel(
            name="Objective",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "statement",
                    models.CharField(
                        help_text="What will be different, in a sentence anyone can read.",
                        max_length=300,
                    ),
                ),
                ("measure", models.CharField(blank=True, max_length=64)),
                ("min_meetings", models.PositiveSmallIntegerField(blank=True, null=True)),
                (
                    "target",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True),
                ),
                (
                    "direction",
                    models.CharField(
                        choices=[
                            ("at_least", "At least (higher is better)"),
                            ("at_most", "At most (lower is better)"),
                        ],
                        default="at_least",
                        max_length=8,
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("version", models.PositiveIntegerField(default=1)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "program",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="objectives",
                        to="programs.program",
                    ),
                ),
            ],
            options={
                "ordering": ["program", "position", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ObjectiveReading",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.DecimalField(decimal_places=2, max_digits=10)),
                ("recorded_on", models.DateField()),
                ("note", models.CharField(blank=True, max_length=200)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "objective",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="readings",
                        to="programs.objective",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-recorded_on", "-pk"],
            },
        ),
        migrations.RunPython(lines_to_objectives, migrations.RunPython.noop),
        migrations.RemoveField(model_name="program", name="objectives_text"),
    ]
