from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `?page=` and `?page_size=` (at most 200)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        # A page past the end, or not a number, is a bad parameter (400, like any other), not a
        # missing resource: DRF's 404 "Invalid page." is declared nowhere.
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise ValidationError({self.page_query_param: ["No such page."]}) from None

    def get_paginated_response_schema(self, schema):
        # DRF writes `next` and `previous` as OpenAPI 3.0 (`nullable: true`); the documents are 3.1,
        # where null is a type.
        paginated = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):
            field = paginated["properties"][link]
            field.pop("nullable", None)
            field["type"] = ["string", "null"]
        return paginated
