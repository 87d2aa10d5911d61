"""The site-wide search (/search/?q=): a registry of what can be found. Each entry names
a public queryset, the fields its words are looked for in, and how a hit is shown;
another app's pages (meetings, documents, projects) join by registering one more entry
here, without touching the view or the template."""

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cities.models import City, MemberState
from partnerships.models import PartnershipAgreement
from plans.models import PriorityProject

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
PER_SECTION = 20


@dataclass(frozen=True)
class Searchable:
    key: str
    label: str
    queryset: object  # a callable: () -> the public queryset
    fields: tuple
    title: object  # a callable: row -> the hit's title
    url: object  # a callable: row -> the hit's address
    detail: object = None  # a callable: row -> a line under the title


REGISTRY = []


def register(entry):
    """Add a kind of record to the site-wide search (in the order results are shown)."""
    REGISTRY[:] = [e for e in REGISTRY if e.key != entry.key] + [entry]
    return entry


register(
    Searchable(
        key="cities",
        label=_("Cities"),
        queryset=lambda: City.objects.active().select_related("member_state"),
        fields=("name", "ascn_listed_name", "description"),
        title=lambda city: city.name,
        url=lambda city: city.get_absolute_url(),
        detail=lambda city: city.member_state.name,
    )
)
register(
    Searchable(
        key="member-states",
        label=_("Member states"),
        queryset=lambda: MemberState.objects.all(),
        fields=("name", "official_name", "capital"),
        title=lambda state: state.name,
        url=lambda state: state.get_absolute_url(),
        detail=lambda state: state.capital,
    )
)
register(
    Searchable(
        key="partnerships",
        label=_("Partnerships"),
        queryset=lambda: PartnershipAgreement.objects.published(),
        fields=("title", "description"),
        title=lambda agreement: agreement.title,
        url=lambda agreement: agreement.get_absolute_url(),
    )
)
register(
    Searchable(
        key="projects",
        label=_("Priority projects"),
        queryset=lambda: PriorityProject.objects.published().select_related("plan__city"),
        fields=("title", "description"),
        title=lambda project: project.title,
        url=lambda project: project.plan.city.get_absolute_url() + "#plan-heading",
        detail=lambda project: project.plan.city.name,
    )
)


def words_of(query):
    """The words to look for: at most MAX_WORDS, each found in some field."""
    return query.split()[:MAX_WORDS]


def search(query):
    """[(entry, rows, total)] for every registered kind with a hit: each word of the
    query must appear (case-insensitively) in one of the entry's fields."""
    words = words_of(query)
    if not words:
        return []
    results = []
    for entry in REGISTRY:
        condition = reduce(
            and_,
            (
                reduce(or_, (Q(**{f"{field}__icontains": word}) for field in entry.fields))
                for word in words
            ),
        )
        matches = entry.queryset().filter(condition)
        rows = list(matches[:PER_SECTION])
        if rows:
            total = len(rows) if len(rows) < PER_SECTION else matches.count()
            results.append((entry, [hit(entry, row) for row in rows], total))
    return results


def hit(entry, row):
    return {
        "title": entry.title(row),
        "url": entry.url(row),
        "detail": entry.detail(row) if entry.detail else "",
    }
