"""Unlinkable storage for the responses already given (issue 11, docs/privacy.md).

Before: a response kept its week of submission and rows followed the order of answering; an
assignment kept the week it was completed. Joining the two narrowed responses to single people.

This migration drops both weeks and rewrites every anonymous survey's responses once: in random
order, with new random keys, and with role and cohort month coarsened so that every stored
combination is shared by at least k responses. A survey with fewer than k responses in all
cannot be stored unlinkably, so its answers move, sealed, into the holding pool (they could never
be shown anyway). Named surveys keep their responses as they are: people chose to be named.
"""

import random
import uuid
from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models

from upward.feedback.disclosure import coarsen
from upward.sealing import seal

FLOOR = 5


def rewrite_responses(apps, schema_editor):
    Survey = apps.get_model("feedback", "Survey")
    Response = apps.get_model("feedback", "Response")
    Answer = apps.get_model("feedback", "Answer")
    HeldResponse = apps.get_model("feedback", "HeldResponse")
    shuffle = random.SystemRandom().shuffle
    for survey in Survey.objects.filter(anonymous=True).select_related("program"):
        k = max(FLOOR, survey.program.anonymity_threshold)
        responses = list(Response.objects.filter(survey=survey))
        if not responses:
            continue
        answers = defaultdict(list)
        for a in Answer.objects.filter(response__survey=survey):
            answers[a.response_id].append(
                {
                    "question_id": a.question_id,
                    "value": a.value,
                    "choices": list(a.choices or []),
                    "text": a.text,
                    "may_quote": a.may_quote,
                }
            )
        Response.objects.filter(survey=survey).delete()
        if len(responses) < k:
            HeldResponse.objects.bulk_create(
                HeldResponse(
                    survey=survey,
                    sealed=seal(
                        {
                            "role": r.respondent_role,
                            "cohort": r.cohort_month.isoformat() if r.cohort_month else None,
                            "answers": answers[r.pk],
                        }
                    ),
                )
                for r in responses
            )
            continue
        groups = coarsen([(r.respondent_role, r.cohort_month) for r in responses], k)
        order = list(range(len(responses)))
        shuffle(order)
        new = [
            Response(
                id=uuid.uuid4(),
                survey=survey,
                respondent_role=groups[i][0],
                cohort_month=groups[i][1],
            )
            for i in order
        ]
        Response.objects.bulk_create(new)
        Answer.objects.bulk_create(
            Answer(id=uuid.uuid4(), response=response, **a)
            for response, i in zip(new, order)
            for a in answers[responses[i].pk]
        )


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0002_custom_surveys'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='response',
            name='submitted_week',
        ),
        migrations.RemoveField(
            model_name='surveyassignment',
            name='completed_week',
        ),
        migrations.CreateModel(
            name='HeldResponse',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('sealed', models.TextField()),
                ('survey', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='held', to='feedback.survey')),
            ],
        ),
        migrations.RunPython(rewrite_responses, migrations.RunPython.noop),
    ]
