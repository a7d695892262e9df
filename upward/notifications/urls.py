from django.urls import path

from upward.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notifications_read_all, name="read_all"),
    path("<int:notification_id>/", views.notification_open, name="open"),
    path("<int:notification_id>/read/", views.notification_read, name="read"),
    path("settings/", views.notification_settings, name="settings"),
    path("settings/chat/test/", views.notification_settings_chat_test, name="settings_chat_test"),
    path("nudges/", views.nudges_overview, name="nudges"),
    path("nudges/<slug:slug>/pause/", views.program_pause, name="pause"),
    path("nudges/<slug:slug>/resume/", views.program_resume, name="resume"),
    path("nudges/<slug:slug>/chat/", views.program_chat, name="chat"),
    path("nudges/<slug:slug>/chat/test/", views.program_chat_test, name="chat_test"),
    path("nudges/<slug:slug>/chat/remove/", views.program_chat_remove, name="chat_remove"),
    path("deliveries/", views.delivery_problems, name="deliveries"),
    path("deliveries/<int:delivery_id>/retry/", views.delivery_retry, name="retry"),
]
