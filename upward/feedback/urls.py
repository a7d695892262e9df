from django.urls import path

from upward.feedback.views import answers, authoring, results

app_name = "feedback"
urlpatterns = [
    path("", answers.my_surveys, name="mine"),
    path("answer/<int:pk>/", answers.answer, name="answer"),
    path("programs/<slug:slug>/", results.program_surveys, name="program"),
    path("programs/<slug:slug>/schedule/", results.schedule_sync, name="schedule"),
    path("programs/<slug:slug>/new/", authoring.custom_new, name="custom_new"),
    path("<int:survey_id>/results/", results.results, name="results"),
    path("<int:survey_id>/edit/", authoring.custom_edit, name="custom_edit"),
    path("<int:survey_id>/settings/", authoring.custom_settings, name="custom_settings"),
    path("<int:survey_id>/preview/", authoring.preview, name="custom_preview"),
    path("<int:survey_id>/publish/", authoring.publish, name="custom_publish"),
    path("<int:survey_id>/close/", authoring.close, name="custom_close"),
    path("<int:survey_id>/delete/", authoring.delete, name="custom_delete"),
    path("<int:survey_id>/questions/", authoring.question_new, name="question_new"),
    path(
        "<int:survey_id>/questions/<int:question_id>/",
        authoring.question_edit,
        name="question_edit",
    ),
    path(
        "<int:survey_id>/questions/<int:question_id>/delete/",
        authoring.question_remove,
        name="question_delete",
    ),
    path(
        "<int:survey_id>/questions/<int:question_id>/move/",
        authoring.question_reorder,
        name="question_move",
    ),
]
