"""/scim/v2/: paths without a trailing slash, as identity providers call them."""

from django.urls import path

from upward.scim import views

app_name = "scim"
urlpatterns = [
    path("v2", views.root, name="root"),
    path("v2/Users", views.users, name="users"),
    path("v2/Users/<str:person_id>", views.user, name="user"),
    path("v2/Groups", views.groups, name="groups"),
    path("v2/Groups/<str:group_id>", views.group, name="group"),
    path("v2/ServiceProviderConfig", views.service_provider_config, name="config"),
    path("v2/ResourceTypes", views.resource_types, name="resource_types"),
]
