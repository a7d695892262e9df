from django.urls import path

from upward.community import views

app_name = "community"
urlpatterns = [
    path("", views.index, name="index"),
    path("posts/<int:post_id>/delete/", views.post_delete, name="post_delete"),
    path("<slug:slug>/", views.space, name="space"),
    path("<slug:slug>/check-ins/<int:checkin_id>/", views.checkin_detail, name="checkin"),
]
