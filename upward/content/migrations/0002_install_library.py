"""Install the shipped conversation library, so every deployment has it (not only the demo).

Idempotent by slug: re-running it, or running the demo afterwards, never duplicates a row, and
rows a deployment added itself are left alone. Reversing it keeps the rows (pairs may have
ticked steps and used prompts on their agendas).
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from upward.content.library import library_install


def install_library(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    library_install(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        # The library's topics are the seed topics the programs app installs.
        ("programs", "0003_seed_topics"),
    ]

    operations = [migrations.RunPython(install_library, migrations.RunPython.noop)]
