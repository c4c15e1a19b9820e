from django.conf import settings
from django.db import models

from ..bounds import one_line


class Team(models.Model):
    """A group of people: an addon's owner team, or an Addon SRE team (is_sre)."""

    name = models.CharField(max_length=100, unique=True, validators=[one_line])
    slug = models.SlugField(max_length=100, unique=True)
    is_sre = models.BooleanField(
        "Addon SRE team", default=False, help_text="Addon SRE teams take on onboardings."
    )
    mailing_list = models.EmailField(blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="teams", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
