from django.urls import path

from upward.privacy import views

app_name = "privacy"
urlpatterns = [
    path("people/<str:employee_id>/personal-data/", views.person_page, name="person"),
    path(
        "people/<str:employee_id>/personal-data/export.json",
        views.person_export,
        name="export",
    ),
    path("people/<str:employee_id>/personal-data/erase/", views.person_erase, name="erase"),
    path("audit/", views.audit_log, name="audit"),
]
