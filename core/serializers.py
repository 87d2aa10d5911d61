"""Serializer bases shared by the apps' APIs."""

import copy
import operator

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import fields as drf_fields
from rest_framework import serializers


class ValidatedModelSerializer(serializers.ModelSerializer):
    """Runs the model's own validation (field validators, `clean()`, check and unique
    constraints) on what the client sent, so a database rule answers 400 with field
    errors instead of failing at save time."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        many = {field.name for field in model._meta.many_to_many}
        instance = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in many:
                setattr(instance, name, value)
        written = {field.source.split(".")[0] for field in self._writable_fields}
        excluded = [f.name for f in model._meta.concrete_fields if f.name not in written]
        try:
            instance.full_clean(exclude=excluded)
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        return attrs


class PageUrlField(serializers.Field):
    """The public web page of the row (its `get_absolute_url`), as an absolute URL."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, value):
        url = value.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


extend_schema_field({"type": "string", "format": "uri"})(PageUrlField)


# Fields whose value is a plain attribute of the row: read with an attrgetter instead of
# DRF's generic lookup (which inspects every value for callables).
PLAIN_FIELDS = (
    drf_fields.BooleanField,
    drf_fields.CharField,
    drf_fields.ChoiceField,
    drf_fields.DateField,
    drf_fields.DateTimeField,
    drf_fields.DecimalField,
    drf_fields.FloatField,
    drf_fields.IntegerField,
    drf_fields.UUIDField,
)


class FastReadMixin:
    """A serializer that turns rows into data with a plan worked out once per
    serializer (a list's rows share its child): plain attributes are read directly, the
    other fields as DRF reads them. The output is DRF's, key for key and value for value;
    only the time to build it changes (a list page of plans with their projects spends
    most of its time here)."""

    def _read_plan(self):
        plan = self.__dict__.get("_fast_read_plan")
        if plan is None:
            plan = []
            for field in self._readable_fields:
                if isinstance(field, PLAIN_FIELDS) and len(field.source_attrs) == 1:
                    getter = operator.attrgetter(field.source_attrs[0])
                else:
                    getter = field.get_attribute
                plan.append((field.field_name, getter, field.to_representation))
            self.__dict__["_fast_read_plan"] = plan
        return plan

    def to_representation(self, instance):
        data = {}
        for name, getter, represent in self._read_plan():
            try:
                value = getter(instance)
            except drf_fields.SkipField:
                continue
            if isinstance(value, serializers.PKOnlyObject):
                data[name] = None if value.pk is None else represent(value)
            else:
                data[name] = None if value is None else represent(value)
        return data


class SourceSerializer(serializers.Serializer):
    """One public source of a record: its address, and title, publisher and date where
    known."""

    url = serializers.URLField(max_length=500)
    title = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")
    publisher = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")
    published = serializers.CharField(max_length=60, allow_blank=True, required=False, default="")


class SourcesField(serializers.ListField):
    """The `sources` of a sourced record (core.models.SourcedModel), validated entry by
    entry."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 50)
        super().__init__(child=SourceSerializer(), **kwargs)

    def to_internal_value(self, data):
        return [dict(item) for item in super().to_internal_value(data)]


# The fields every sourced record adds to its API shape.
SOURCED_FIELDS = ["sources", "confidence", "confidence_note"]
