import factory
from django.contrib.auth import get_user_model

from onboarding.models import Addon, Team


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("demo-password")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")


class AddonFactory(factory.django.DjangoModelFactory):
    """A draft whose intake is complete, so it can be submitted as it is."""

    class Meta:
        model = Addon

    addon_id = factory.Sequence(lambda n: f"addon-{n}")
    name = factory.Sequence(lambda n: f"Addon {n}")
    team = factory.SubFactory(TeamFactory)
    description = "Runs managed notebooks for data scientists."
    owner_contact = "Data Science <ds@example.com>"
    quota_name = factory.LazyAttribute(lambda a: f"addon-{a.addon_id}")
    target_namespace = factory.LazyAttribute(lambda a: f"redhat-{a.addon_id}")
    operator_name = factory.LazyAttribute(lambda a: f"{a.addon_id}-operator")
    pagerduty_service_id = "PSVC123"
    pagerduty_escalation_policy_id = "POWNER1"
    sde_epic_url = "https://issues.example.com/browse/SDE-100"
    roms_sheet_url = "https://docs.example.com/roms"
    questionnaire_url = "https://docs.example.com/questionnaire"
    service_definition_url = "https://docs.example.com/service-definition"
    architecture_summary = "An operator and a web UI."
    dependencies = "S3-compatible storage."
    cluster_requirements = "3 worker nodes."
    data_flows = "User data stays in the cluster."
    continuity_plan = "Nightly backups, restore tested monthly."
    slis_and_slos = "Availability 99.5%."
    load_testing = "200 concurrent notebooks."
    capacity_forecast = "Doubling yearly."
    runs_without_cluster_admin = True
    support_contacts = "ds-oncall@example.com"
