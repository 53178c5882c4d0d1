from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "tidlig.review"
    verbose_name = "Sagsgennemgang"
