from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AccountsConfig(AppConfig):
    name = "upward.accounts"
    label = "accounts"
    verbose_name = gettext_lazy("Accounts")

    def ready(self) -> None:
        # The one import that must wait for the app registry: see subscriptions.py.
        from upward.accounts.subscriptions import connect

        connect()
