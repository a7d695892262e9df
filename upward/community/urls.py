from django.urls import path

from upward.community import views

app_name = "community"
urlpatterns = [
    path("", views.index, name="index"),
    path("posts/<int:post_id>/delete/", views.post_delete, name="post_delete"),
    path("posts/<int:post_id>/replies/", views.post_reply, name="post_reply"),
    path("posts/<int:post_id>/react/", views.post_react, name="post_react"),
    path("replies/<int:reply_id>/delete/", views.reply_delete, name="reply_delete"),
    path("<slug:slug>/", views.space, name="space"),
    path("<slug:slug>/check-ins/<int:checkin_id>/", views.checkin_detail, name="checkin"),
    path("<slug:slug>/check-ins/<int:checkin_id>/rsvp/", views.checkin_rsvp, name="checkin_rsvp"),
    path(
        "<slug:slug>/check-ins/<int:checkin_id>/reschedule/",
        views.checkin_reschedule,
        name="checkin_reschedule",
    ),
    path(
        "<slug:slug>/check-ins/<int:checkin_id>/cancel/",
        views.checkin_cancel,
        name="checkin_cancel",
    ),
]
