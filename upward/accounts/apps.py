from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "upward.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # The one import that must wait for the app registry: see subscriptions.py.
        from upward.accounts.subscriptions import connect

        connect()
