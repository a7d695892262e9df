from django.urls import path

from upward.programs.views import enrolment, interest, objectives, programs, topics, training

app_name = "programs"
urlpatterns = [
    path("", programs.program_list, name="list"),
    path("new/", programs.program_create, name="create"),
    path("open/", enrolment.open_programs, name="open"),
    path("topics/", topics.topic_list, name="topics"),
    path("topics/<slug:slug>/edit/", topics.topic_edit, name="topic_edit"),
    path("topics/<slug:slug>/delete/", topics.topic_delete, name="topic_delete"),
    path("<slug:slug>/", programs.program_detail, name="detail"),
    path("<slug:slug>/edit/", programs.program_edit, name="edit"),
    path("<slug:slug>/phase/", programs.program_phase, name="phase"),
    path("<slug:slug>/objectives/new/", objectives.objective_new, name="objective_new"),
    path("<slug:slug>/objectives/<int:pk>/edit/", objectives.objective_edit, name="objective_edit"),
    path(
        "<slug:slug>/objectives/<int:pk>/delete/",
        objectives.objective_remove,
        name="objective_delete",
    ),
    path(
        "<slug:slug>/objectives/<int:pk>/figures/",
        objectives.objective_record,
        name="objective_record",
    ),
    path(
        "<slug:slug>/objectives/<int:pk>/figures/<int:reading_pk>/delete/",
        objectives.reading_remove,
        name="reading_delete",
    ),
    path("<slug:slug>/participants/", enrolment.participant_list, name="participants"),
    path("<slug:slug>/participants/invite/", enrolment.participant_invite, name="invite"),
    path(
        "<slug:slug>/participants/invite/csv/",
        enrolment.participant_invite_csv,
        name="invite_csv",
    ),
    path(
        "<slug:slug>/participants/invite/directory/",
        enrolment.participant_invite_directory,
        name="invite_directory",
    ),
    path("<slug:slug>/participants/<int:pk>/resend/", enrolment.participant_resend, name="resend"),
    path(
        "<slug:slug>/participants/<int:pk>/decide/",
        enrolment.application_decide,
        name="decide",
    ),
    path("<slug:slug>/apply/", enrolment.apply, name="apply"),
    path("<slug:slug>/interest/", interest.interest_answer, name="interest"),
    path("<slug:slug>/interest/toggle/", interest.interest_toggle, name="interest_toggle"),
    path("<slug:slug>/join/", enrolment.join, name="join"),
    path("<slug:slug>/intake/", enrolment.intake, name="intake"),
    path("<slug:slug>/training/", training.training_list, name="training"),
    path("<slug:slug>/training/<slug:module>/", training.training_module, name="training_module"),
    path("<slug:slug>/withdraw/", enrolment.withdraw, name="withdraw"),
]
