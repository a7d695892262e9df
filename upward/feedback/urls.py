from django.urls import path

from upward.feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.my_surveys, name="mine"),
    path("answer/<int:pk>/", views.answer, name="answer"),
    path("programs/<int:program_id>/", views.program_surveys, name="program"),
    path("programs/<int:program_id>/schedule/", views.schedule_sync, name="schedule"),
    path("<int:survey_id>/results/", views.results, name="results"),
]
