"""API shapes of action plans, their projects and workflow moves."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cities.models import City, FocusArea
from core.serializers import FastReadMixin
from plans.models import ActionPlan, PriorityProject, SupportKind


class PriorityProjectSerializer(FastReadMixin, serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="uuid", queryset=ActionPlan.objects.none())
    city = serializers.SlugRelatedField(source="plan.city", slug_field="slug", read_only=True)
    focus_areas = serializers.SlugRelatedField(
        slug_field="key", queryset=FocusArea.objects.all(), many=True, required=False
    )
    support_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=SupportKind.choices),
        required=False,
        max_length=len(SupportKind.values),
        help_text=_("What the project seeks from partners."),
    )

    class Meta:
        model = PriorityProject
        fields = [
            "uuid",
            "plan",
            "city",
            "title",
            "description",
            "focus_areas",
            "estimated_cost",
            "currency",
            "funding_status",
            "is_seeking_partners",
            "support_kinds",
            "need_description",
            "finance_amount",
            "finance_currency",
            "seeking_until",
            "start_year",
            "end_year",
            "source_url",
            "position",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "created_at", "updated_at"]

    # get_fields() below adjusts writing only: the fields read are the same for every
    # request (core.list_reader may read list pages from plain values).
    read_fields_fixed = True

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "plan" in fields and not fields["plan"].read_only:
            # Only plans the user may see can be named; others read as "does not exist".
            fields["plan"].queryset = ActionPlan.objects.visible_to(request.user)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["plan"].read_only = True
        return fields


class NestedProjectSerializer(PriorityProjectSerializer):
    class Meta(PriorityProjectSerializer.Meta):
        fields = [f for f in PriorityProjectSerializer.Meta.fields if f not in ("plan", "city")]


class ActionPlanSerializer(FastReadMixin, serializers.ModelSerializer):
    city = serializers.SlugRelatedField(slug_field="slug", queryset=City.objects.all())
    member_state = serializers.CharField(source="city.member_state.iso_alpha2", read_only=True)
    focus_areas = serializers.SlugRelatedField(
        slug_field="key", queryset=FocusArea.objects.all(), many=True, required=False
    )
    projects = NestedProjectSerializer(many=True, read_only=True)
    lock_version = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text=_(
            "The plan's edit count. Send back the value you read with a change: if the plan "
            "was saved since, the change is refused with 409 instead of overwriting it."
        ),
    )

    class Meta:
        model = ActionPlan
        fields = [
            "uuid",
            "city",
            "member_state",
            "title",
            "period_start_year",
            "period_end_year",
            "vision",
            "summary",
            "focus_areas",
            "status",
            "version",
            "lock_version",
            "published_at",
            "created_at",
            "updated_at",
            "projects",
        ]
        read_only_fields = ["uuid", "status", "version", "published_at", "created_at", "updated_at"]

    read_fields_fixed = True  # get_fields() below adjusts writing only

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["city"].read_only = True  # a plan never moves to another city
        return fields


class TransitionSerializer(serializers.Serializer):
    """The body of a workflow move: an optional comment for the plan's history."""

    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ReturnSerializer(serializers.Serializer):
    """Returning a plan needs a comment saying what to change."""

    comment = serializers.CharField(max_length=2000)
