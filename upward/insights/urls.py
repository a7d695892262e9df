from django.urls import path

from upward.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.index, name="index"),
    path("programs/<slug:slug>/", views.dashboard, name="dashboard"),
    path("programs/<slug:slug>/health/", views.health_board, name="health"),
    path("programs/<slug:slug>/export.csv", views.export_csv, name="export_csv"),
    path("programs/<slug:slug>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("programs/<slug:slug>/report/", views.report, name="report"),
    path("programs/<slug:slug>/changes/new/", views.behaviour_change_new, name="change_new"),
]
