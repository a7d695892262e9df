from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ScimConfig(AppConfig):
    name = "upward.scim"
    label = "scim"
    verbose_name = gettext_lazy("SCIM provisioning")
