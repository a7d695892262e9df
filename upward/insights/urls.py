from django.urls import path

from upward.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.index, name="index"),
    path("programs/<int:program_id>/", views.dashboard, name="dashboard"),
    path("programs/<int:program_id>/health/", views.health_board, name="health"),
    path("programs/<int:program_id>/export.csv", views.export_csv, name="export_csv"),
    path("programs/<int:program_id>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("programs/<int:program_id>/report/", views.report, name="report"),
    path("programs/<int:program_id>/changes/new/", views.behaviour_change_new, name="change_new"),
]
