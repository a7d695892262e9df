from django.urls import path

from upward.programs import participant_views, topic_views, views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_create, name="create"),
    path("topics/", topic_views.topic_list, name="topics"),
    path("topics/<slug:slug>/edit/", topic_views.topic_edit, name="topic_edit"),
    path("topics/<slug:slug>/delete/", topic_views.topic_delete, name="topic_delete"),
    path("<slug:slug>/", views.program_detail, name="detail"),
    path("<slug:slug>/edit/", views.program_edit, name="edit"),
    path("<slug:slug>/phase/", views.program_phase, name="phase"),
    path("<slug:slug>/participants/", views.participant_list, name="participants"),
    path("<slug:slug>/participants/invite/", views.participant_invite, name="invite"),
    path("<slug:slug>/participants/<int:pk>/resend/", views.participant_resend, name="resend"),
    path("<slug:slug>/interest/", views.interest_answer, name="interest"),
    path("<slug:slug>/interest/toggle/", views.interest_toggle, name="interest_toggle"),
    path("<slug:slug>/join/", participant_views.join, name="join"),
    path("<slug:slug>/intake/", participant_views.intake, name="intake"),
    path("<slug:slug>/training/", participant_views.training_list, name="training"),
    path(
        "<slug:slug>/training/<slug:module>/",
        participant_views.training_module,
        name="training_module",
    ),
    path("<slug:slug>/withdraw/", participant_views.withdraw, name="withdraw"),
]
