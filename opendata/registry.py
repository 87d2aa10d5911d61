"""The open-data registry: every public dataset the portal publishes, one entry each.
Each app describes its own lists (`<app>/exports.py`); this module only names them, in
the order the catalogue shows them. A new list is one more entry here."""

from cities import exports as cities
from network import exports as network
from partnerships import exports as partnerships
from plans import exports as plans
from representatives import exports as representatives

DATASETS = {
    dataset.key: dataset
    for dataset in (
        cities.CITIES,
        cities.MEMBER_STATES,
        cities.FOCUS_AREAS,
        plans.ACTION_PLANS,
        plans.PROJECTS,
        partnerships.PARTNERS,
        partnerships.PARTNERSHIPS,
        partnerships.MEETINGS,
        representatives.NATIONAL_REPRESENTATIVES,
        representatives.CHIEF_OFFICERS,
        network.DOCUMENTS,
    )
}


def get_dataset(key):
    return DATASETS.get(key)
