from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AuditConfig(AppConfig):
    name = "upward.audit"
    label = "audit"
    verbose_name = gettext_lazy("Audit log")
    default_auto_field = "django.db.models.BigAutoField"
