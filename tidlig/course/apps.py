from django.apps import AppConfig


class CourseConfig(AppConfig):
    name = "tidlig.course"
    verbose_name = "§ 30-forløb"

    def ready(self):
        # A network meeting held inside a course meets the course's meeting deadline (network knows no course).
        from tidlig.network.services import register_followup_elsewhere, register_meeting_held

        from .services import followed_by_course, meeting_held

        register_meeting_held(meeting_held)
        # The start meeting's next meeting is the course's end meeting (course_end_meeting), not network_followup.
        register_followup_elsewhere(followed_by_course)
