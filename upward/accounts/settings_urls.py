"""A person's own settings: their API tokens (/settings/)."""

from django.urls import path

from upward.accounts import views

app_name = "settings"
urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
