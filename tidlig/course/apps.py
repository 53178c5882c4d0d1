from django.apps import AppConfig


class CourseConfig(AppConfig):
    name = "tidlig.course"
    verbose_name = "§ 30-forløb"

    def ready(self):
        # A network meeting held inside a course meets the course's meeting deadline (network knows no course).
        from tidlig.network.services import register_meeting_held

        from .services import meeting_held

        register_meeting_held(meeting_held)
