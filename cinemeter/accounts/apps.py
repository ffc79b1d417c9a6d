from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cinemeter.accounts"
    verbose_name = "Accounts"
