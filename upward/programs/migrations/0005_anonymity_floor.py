"""The anonymity threshold's floor is 5 (docs/privacy.md): raise any program set lower.

Raising is always allowed (a stricter promise); only lowering is refused once people answered.
"""

from django.db import migrations

FLOOR = 5


def raise_to_floor(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    Program.objects.filter(anonymity_threshold__lt=FLOOR).update(anonymity_threshold=FLOOR)


class Migration(migrations.Migration):
    dependencies = [("programs", "0004_participant_invitation_sent")]

    operations = [migrations.RunPython(raise_to_floor, migrations.RunPython.noop)]
