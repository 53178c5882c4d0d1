from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "tidlig.network"
    verbose_name = "Netværksmøder"
