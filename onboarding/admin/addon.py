"""The Addon admin: django-fsm-2's transition buttons, carried out by the portal's services.

The mixin would call the model's transition method and save; here each step goes through
`services.transitions.SERVICES` instead, so the admin checks the same permissions and guards,
writes the same timeline event and queues the same notifications as the portal.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django_fsm.admin import FSMAdminMixin

from ..errors import ActionRefused
from ..forms.transitions import DONE, FORMS
from ..models import Addon
from ..selectors.addon_actions import LABELS
from ..services.transitions import SERVICES
from .site import ManagerAdmin


def _without_seen_state(form_class):
    # The admin acts on the row it just loaded; the service still refuses a moved addon.
    return type(f"Admin{form_class.__name__}", (form_class,), {"seen_state": None})


ADMIN_FORMS = {name: _without_seen_state(form) for name, form in FORMS.items()}


@admin.register(Addon)
class AddonAdmin(FSMAdminMixin, ManagerAdmin):
    fsm_fields = ["state"]
    fsm_forms = ADMIN_FORMS
    list_display = (
        "addon_id",
        "name",
        "team",
        "state",
        "priority",
        "sre_team",
        "sre_lead",
        "state_changed_at",
    )
    list_filter = ("state", "priority", "team", "sre_team", "prototyping_on_stage")
    search_fields = ("addon_id", "name", "description", "team__name")
    list_select_related = ("team", "sre_team", "sre_lead")
    date_hierarchy = "state_changed_at"
    actions = ["assign"]

    def get_readonly_fields(self, request, obj=None):
        # Every field: the intake is the owners', the review, assignment, scope and dates are
        # what the guards read, and they change only through the workflow steps below.
        return [f.name for f in self.model._meta.get_fields() if f.concrete or f.many_to_many]

    def has_add_permission(self, request):
        return False  # owners file intakes in the portal (the intake service)

    def has_delete_permission(self, request, obj=None):
        return False  # the timeline protects addons; withdraw them instead

    def _get_fsm_transition_func(self, *, obj, transition_name):
        if transition_name not in SERVICES:
            raise Http404("No such workflow step.")
        return super()._get_fsm_transition_func(obj=obj, transition_name=transition_name)

    def get_fsm_label(self, transition):
        return LABELS.get(transition.name, transition.name)

    def get_help_text(self, transition):
        # django-fsm-2 prints this as the button's title (title="None" without it).
        return f"{LABELS.get(transition.name, transition.name)}, with the portal's checks."

    def _apply_fsm_transition(self, *, obj, transition_name, request, kwargs=None) -> bool:
        label = LABELS.get(transition_name, transition_name)
        service = SERVICES.get(transition_name)
        if service is None:
            self.message_user(request, f"{label}: no such step.", messages.ERROR)
            return False
        try:
            service(addon=obj, by=request.user, **(kwargs or {}))
        except (ActionRefused, PermissionDenied) as refusal:
            reason = getattr(refusal, "message", None) or str(refusal)
            self.message_user(request, f"{label} refused: {reason}", messages.ERROR)
            return False
        self.message_user(request, DONE[transition_name], messages.SUCCESS)
        return True

    @admin.action(description="Assign the selected accepted addons to Addon SRE")
    def assign(self, request, queryset):
        form_class = ADMIN_FORMS["assign"]
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            for addon in queryset.order_by("name"):
                self._apply_fsm_transition(
                    obj=addon, transition_name="assign", request=request, kwargs=form.cleaned_data
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Assign to Addon SRE",
            "opts": self.model._meta,
            "addons": queryset.order_by("name"),
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return render(request, "admin/onboarding/addon/assign.html", context)
