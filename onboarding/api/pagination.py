"""Page-numbered lists: {count, page, page_size, num_pages, next, previous, results}."""

from typing import Any

from django.core.paginator import Paginator
from django.template.defaultfilters import pluralize
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from .errors import ApiError

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


class Pages(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=10**6)
        page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        count: int
        page: int
        page_size: int
        num_pages: int
        next: str | None
        previous: str | None
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination: Input, request, **params):
        paginator = Paginator(queryset, pagination.page_size)
        if pagination.page > max(paginator.num_pages, 1):
            raise ApiError(
                404,
                f"There {pluralize(paginator.num_pages, 'is,are')} {paginator.num_pages} page{pluralize(paginator.num_pages)}.",
                "page",
            )
        page = paginator.page(pagination.page)

        def link(number):
            query = request.GET.copy()
            query["page"] = number
            return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

        return {
            "count": paginator.count,
            "page": pagination.page,
            "page_size": pagination.page_size,
            "num_pages": paginator.num_pages,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": list(page.object_list),
        }
