from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from upward import views
from upward.api.api import api
from upward.api.docs import redoc
from upward.notifications.views import calendar_feed
from upward.people.forms import SetPasswordRequestForm
from upward.people.oidc import sso_refused
from upward.people.views import SignInView, when_passwords_are_used

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("language/", views.set_language, name="set-language"),
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("login/sso/refused/", sso_refused, name="sso_refused"),
    path(
        "password-reset/",
        when_passwords_are_used(
            auth_views.PasswordResetView.as_view(
                form_class=SetPasswordRequestForm,
                template_name="people/password_reset.html",
                email_template_name="people/email/password_reset.txt",
                subject_template_name="people/email/password_reset_subject.txt",
            )
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        when_passwords_are_used(
            auth_views.PasswordResetDoneView.as_view(
                template_name="people/password_reset_done.html"
            )
        ),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        when_passwords_are_used(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="people/password_reset_confirm.html"
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        when_passwords_are_used(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="people/password_reset_complete.html"
            )
        ),
        name="password_reset_complete",
    ),
    path("people/", include("upward.people.urls")),
    path("accounts/scim/", include("upward.scim.page_urls")),
    path("accounts/", include("upward.accounts.urls")),
    path("scim/", include("upward.scim.urls")),
    path("settings/", include("upward.accounts.settings_urls")),
    # Personal data (/people/<id>/personal-data/) and the audit log (/audit/): org admins.
    path("", include("upward.privacy.urls")),
    path("programs/", include("upward.programs.urls")),
    path("matching/", include("upward.matching.urls")),
    path("pairs/", include("upward.mentoring.urls")),
    path("learn/", include("upward.content.urls")),
    path("community/", include("upward.community.urls")),
    path("surveys/", include("upward.feedback.urls")),
    path("insights/", include("upward.insights.urls")),
    path("notifications/", include("upward.notifications.urls")),
    path("integrations/webhooks/", include("upward.webhooks.urls")),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
    path("api/v1/redoc", redoc, name="api_redoc"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "upward.views.bad_request"
handler403 = "upward.views.permission_denied"
handler404 = "upward.views.page_not_found"
handler500 = "upward.views.server_error"
