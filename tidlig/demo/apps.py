from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tidlig.demo"
    verbose_name = "Demo"
