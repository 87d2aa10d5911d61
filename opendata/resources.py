"""django-import-export resources: the columns the secretariat exports from the admin
and imports back. Column names are those of the public downloads (`member_state` is the
ISO code, `city` the slug, lists are `;`-separated keys), plus the private columns the
public never sees (email, phone, `is_active`), so a download or an admin export edited
in a spreadsheet imports back. Rows are matched by natural key: slug, or (member state
or city, term start) for representatives."""

import contextlib

from django.core.cache import cache
from import_export import fields, resources, widgets

from cities.models import City, MemberState
from core.downloads import FORMULA_PREFIXES, neutralise_formula
from partnerships import services as partnership_services
from partnerships.models import Meeting, Partner, PartnershipAgreement
from plans.models import PriorityProject
from representatives.models import ChiefSmartCityOfficer, NationalRepresentative

PROGRESS_EVERY = 100


def progress_key(job_id):
    return f"opendata:import-job:{job_id}:progress"


class PortalResource(resources.ModelResource):
    """What every import shares: model validation on each row, unchanged rows reported
    as such, the importing user recorded in the history tables, and progress written to
    the cache (outside the import's transaction) when a background job runs it."""

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *args, job_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.job_id = job_id
        self.rows_done = 0

    @staticmethod
    def _is_text(field):
        return isinstance(field.widget, widgets.CharWidget) or type(field.widget) is widgets.Widget

    def export_field(self, field, instance, **kwargs):
        """Text a spreadsheet would run as a formula gets a leading apostrophe."""
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, str) and self._is_text(field):
            return neutralise_formula(value)
        return value

    def before_import_row(self, row, **kwargs):
        """Undo the export's (and the public downloads') formula apostrophe, so an
        exported file imports back unchanged."""
        for name, value in row.items():
            if (
                isinstance(value, str)
                and value[1:].startswith(FORMULA_PREFIXES)
                and value[:1] == "'"
            ):
                row[name] = value[1:]
        super().before_import_row(row, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if user is not None:
            instance._history_user = user

    def after_import_row(self, row, row_result, **kwargs):
        self.rows_done += 1
        if self.job_id is not None and self.rows_done % PROGRESS_EVERY == 0:
            # Progress is a courtesy: a dead cache must not fail the import.
            with contextlib.suppress(Exception):
                cache.set(progress_key(self.job_id), self.rows_done, 24 * 60 * 60)


def _member_state_field(attribute="member_state"):
    """A member state named by its ISO alpha-2 code, as in the downloads."""
    return fields.Field(
        attribute=attribute,
        column_name=attribute,
        widget=widgets.ForeignKeyWidget(MemberState, field="iso_alpha2"),
    )


class CityResource(PortalResource):
    member_state = _member_state_field()

    class Meta(PortalResource.Meta):
        model = City
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name",
            "ascn_listed_name",
            "member_state",
            "latitude",
            "longitude",
            "administrative_role",
            "population",
            "population_year",
            "population_scope",
            "is_national_capital",
            "joined_year",
            "cohort",
            "description",
            "is_active",
        )


class PartnerResource(PortalResource):
    class Meta(PortalResource.Meta):
        model = Partner
        import_id_fields = ("slug",)
        fields = ("slug", "name", "kind", "country_code", "website")


class SlugListWidget(widgets.ManyToManyWidget):
    """`a;b;c`: the public downloads' list format."""

    def __init__(self, model, field="slug"):
        super().__init__(model, separator=";", field=field)


class PartnershipAgreementResource(PortalResource):
    """Saved through partnerships.services.partnership_agreement_save, as the admin form
    and the API do: only projects of published plans may be named."""

    parties = fields.Field(
        attribute="parties", column_name="parties", widget=SlugListWidget(Partner)
    )
    cities = fields.Field(attribute="cities", column_name="cities", widget=SlugListWidget(City))
    projects = fields.Field(
        attribute="projects",
        column_name="projects",
        widget=SlugListWidget(PriorityProject, field="uuid"),
    )

    class Meta(PortalResource.Meta):
        model = PartnershipAgreement
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "title",
            "kind",
            "parties",
            "cities",
            "projects",
            "signed_on",
            "signed_on_precision",
            "amount",
            "currency",
            "description",
            "source_url",
        )

    def _relations(self, row):
        related = {}
        for name in ("parties", "cities", "projects"):
            field = self.fields[name]
            if field.column_name in row:
                related[name] = list(field.clean(row))
        return related

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        values = {name: getattr(instance, name) for name in partnership_services.AGREEMENT_FIELDS}
        partnership_services.partnership_agreement_save(
            user=kwargs["user"], agreement=instance, **values, **self._relations(row)
        )
        self.after_save_instance(instance, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        """The service has set the parties, cities and projects."""

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if is_m2m:
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)


class MeetingResource(PortalResource):
    host_country = _member_state_field("host_country")

    class Meta(PortalResource.Meta):
        model = Meeting
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name",
            "kind",
            "sequence",
            "year",
            "start_on",
            "end_on",
            "host_country",
            "host_city",
            "venue",
            "format",
            "outcomes",
            "source_url",
        )


REPRESENTATIVE_FIELDS = (
    "full_name",
    "title",
    "organisation",
    "email",
    "phone",
    "is_name_public",
    "term_start_on",
    "term_end_on",
)


class NationalRepresentativeResource(PortalResource):
    member_state = _member_state_field()

    class Meta(PortalResource.Meta):
        model = NationalRepresentative
        import_id_fields = ("member_state", "term_start_on")
        fields = ("member_state", *REPRESENTATIVE_FIELDS)


class ChiefSmartCityOfficerResource(PortalResource):
    city = fields.Field(
        attribute="city", column_name="city", widget=widgets.ForeignKeyWidget(City, field="slug")
    )

    class Meta(PortalResource.Meta):
        model = ChiefSmartCityOfficer
        import_id_fields = ("city", "term_start_on")
        fields = ("city", *REPRESENTATIVE_FIELDS)
