from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from onboarding.demo.metadata import demo_metadata
from onboarding.models import Addon, AddonMetadata, Team


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("demo-password")
    # An established account, past the gate cooldown (rules/people.py); tests of the
    # cooldown create their fresh accounts explicitly.
    date_joined = factory.LazyFunction(lambda: timezone.now() - timedelta(days=365))


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
        skip_postgeneration_save = True

    addon_id = factory.Sequence(lambda n: f"addon-{n}")
    name = factory.Sequence(lambda n: f"Addon {n}")
    team = factory.SubFactory(TeamFactory)
    description = "Runs managed notebooks for data scientists."
    owner_contact = "Data Science <ds@redhat.com>"
    quota_name = factory.LazyAttribute(lambda a: f"addon-{a.addon_id}")
    target_namespace = factory.LazyAttribute(lambda a: f"redhat-{a.addon_id}")
    operator_name = factory.LazyAttribute(lambda a: f"{a.addon_id}-operator")
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
    # Complete managed-tenants metadata, so a production addon.yaml is valid from the start.
    mt_metadata = factory.RelatedFactory(
        "tests.factories.AddonMetadataFactory", factory_related_name="addon"
    )


class AddonMetadataFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AddonMetadata

    addon = factory.SubFactory(AddonFactory, mt_metadata=None)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The demo's values, which the demo-export test proves valid; overrides win.
        values = {**demo_metadata(kwargs["addon"].addon_id), **kwargs}
        return super()._create(model_class, *args, **values)
