"""Page-number pagination for the API: 50 rows a page by default, 200 at most.

Asking for more than the maximum (`?page_size=10000`) gives the maximum, never an error
and never everything."""

from rest_framework.pagination import PageNumberPagination


class PortalPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
