from django.apps import AppConfig


def _display_name(user) -> str:
    return user.get_full_name() or user.get_username()


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = "Addon onboarding"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth import get_user_model

        # People are named by their names wherever a user is printed (pages, the timeline,
        # e-mails, the admin's choices); the username only when no name is known. Django's
        # User prints its username, and a custom user model would mean migrating auth's tables.
        get_user_model().__str__ = _display_name
