from django.urls import path

from upward.matching import consult_views, views

app_name = "matching"
urlpatterns = [
    path("programs/<slug:slug>/", views.program_runs, name="program"),
    path("programs/<slug:slug>/run/", views.run_start, name="start"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/progress/", views.run_progress, name="progress"),
    path("runs/<int:pk>/compare/", views.run_compare, name="compare"),
    path("runs/<int:pk>/what-if/", views.run_whatif, name="whatif"),
    path("runs/<int:pk>/consult/", consult_views.run_consult, name="consult"),
    path("runs/<int:pk>/publish/", views.run_publish, name="publish"),
    path("runs/<int:pk>/discard/", views.run_discard, name="discard"),
    path("proposals/<int:pk>/lock/", views.proposal_lock, name="lock"),
    path("proposals/<int:pk>/forbid/", views.proposal_forbid, name="forbid"),
    path("proposals/<int:pk>/swap/", views.proposal_swap, name="swap"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("mine/", consult_views.my_proposals, name="my_proposals"),
    path("mine/<int:pk>/", consult_views.my_proposal, name="my_proposal"),
]
