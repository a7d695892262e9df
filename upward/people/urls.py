from django.urls import path

from upward.people import views

app_name = "people"
urlpatterns = [
    path("", views.people_list, name="list"),
    path("import/", views.people_import, name="import"),
    path("export.csv", views.people_export, name="export"),
    path("template.csv", views.people_template, name="template"),
    path("sign-in-lockouts/", views.lockouts, name="lockouts"),
    path("sign-in-lockouts/<int:pk>/unlock/", views.lockout_unlock, name="lockout_unlock"),
    path("<str:employee_id>/", views.person_detail, name="detail"),
]
