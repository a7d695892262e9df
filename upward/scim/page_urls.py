"""The org admins' SCIM tokens page (/accounts/scim/)."""

from django.urls import path

from upward.scim import views

app_name = "scim_tokens"
urlpatterns = [
    path("", views.token_page, name="list"),
    path("<int:token_id>/revoke/", views.token_revoke, name="revoke"),
]
