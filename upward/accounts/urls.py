from django.urls import path

from upward.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account_list, name="list"),
    path("invite/", views.account_invite, name="invite"),
    path("<int:user_id>/", views.account_detail, name="detail"),
    path("<int:user_id>/org-admin/", views.account_org_admin, name="org_admin"),
    path("<int:user_id>/coordinator/", views.account_coordinator, name="coordinator"),
    path("<int:user_id>/sponsor/", views.account_sponsor, name="sponsor"),
    path("<int:user_id>/deactivate/", views.account_deactivate, name="deactivate"),
    path("<int:user_id>/reactivate/", views.account_reactivate, name="reactivate"),
]
