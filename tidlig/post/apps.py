from django.apps import AppConfig


class PostConfig(AppConfig):
    name = "tidlig.post"
    verbose_name = "Digital Post"
