from django.urls import path

from upward.matching.views import consultation, review, runs

app_name = "matching"
urlpatterns = [
    path("programs/<slug:slug>/", runs.program_runs, name="program"),
    path("programs/<slug:slug>/run/", runs.run_start, name="start"),
    path("runs/<int:pk>/", runs.run_detail, name="run"),
    path("runs/<int:pk>/progress/", runs.run_progress, name="progress"),
    path("runs/<int:pk>/compare/", review.run_compare, name="compare"),
    path("runs/<int:pk>/what-if/", review.run_whatif, name="whatif"),
    path("runs/<int:pk>/consult/", consultation.run_consult, name="consult"),
    path("runs/<int:pk>/publish/", runs.run_publish, name="publish"),
    path("runs/<int:pk>/discard/", runs.run_discard, name="discard"),
    path("runs/<int:pk>/cancel/", runs.run_cancel, name="cancel"),
    path("proposals/<int:pk>/lock/", review.proposal_lock, name="lock"),
    path("proposals/<int:pk>/forbid/", review.proposal_forbid, name="forbid"),
    path("proposals/<int:pk>/swap/", review.proposal_swap, name="swap"),
    path("rules/<int:pk>/delete/", review.rule_delete, name="rule_delete"),
    path("mine/", consultation.my_proposals, name="my_proposals"),
    path("mine/<int:pk>/", consultation.my_proposal, name="my_proposal"),
]
