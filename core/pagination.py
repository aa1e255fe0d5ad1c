"""Paging that stays cheap however long the list: keyset cursors and bounded counts."""

import base64
import binascii
import json
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connections, transaction
from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleLessThan
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

# Up to this many rows a list's count is exact; past it, lists say "more than".
EXACT_COUNT_LIMIT = 1_000

INVALID_CURSOR = _("This cursor is not one this list gave; start from the first page.")


def invalid_cursor(param):
    return exceptions.ValidationError({param: [INVALID_CURSOR]})


@contextmanager
def serial_plans(using):
    """Queries run inside without PostgreSQL's parallel workers. A page of a list reads a
    few hundred index entries, but a filter PostGIS prices high (a bbox) makes the planner
    share the scan among workers, whose start cost 80 to 140 ms a query here against the
    1 to 5 ms the whole page takes alone (bench/scale.py)."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


def bounded_count(queryset):
    """(count, exact): the exact count when it is at most `EXACT_COUNT_LIMIT`, counted no
    further; otherwise (the limit, False): "more than 1,000" is cheap and true, where
    the planner's estimate of a filtered query may be off by a hundredfold."""
    # Only the keys: the list's annotations (a person's own vote…) are not computed to count.
    counted = queryset.order_by().values("pk")[: EXACT_COUNT_LIMIT + 1].count()
    return (counted, True) if counted <= EXACT_COUNT_LIMIT else (EXACT_COUNT_LIMIT, False)


class KeysetPaginationMixin:
    """Pages by cursor for a DRF pagination class: `?cursor=` names the last row of the
    page before, by the values of the queryset's ordering, and the next page starts
    after it in the index, so page 40,000 costs what page 1 costs. The ordering must be
    descending on every field and end with the primary key. `?page=` keeps working,
    with offsets and an exact count, for clients that send it. Otherwise the count
    is `bounded_count`'s, and `count_is_exact` false means "more than `count`"."""

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        if self.page_query_param in request.query_params:
            self.cursor_page = None
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        size = self.get_page_size(request)
        fields = self._keyset_fields(queryset)
        cursor = request.query_params.get(self.cursor_query_param)
        if cursor:
            after = TupleLessThan(
                Tuple(*(F(name) for name in fields)),
                self._decode(cursor, queryset.model, fields),
            )
        # One database for the setting and the queries, when reads go to replicas.
        queryset = queryset.using(queryset.db)
        with serial_plans(queryset.db):
            count, self.count_is_exact = bounded_count(queryset)
            rows = list((queryset.filter(after) if cursor else queryset)[: size + 1])
        self.cursor_page = {
            "count": count,
            "after": self._encode(rows[size - 1], fields) if len(rows) > size else None,
            "first": not cursor,
        }
        return rows[:size]

    @staticmethod
    def _keyset_fields(queryset):
        ordering = list(queryset.query.order_by)
        if not ordering or not all(str(name).startswith("-") for name in ordering):
            raise ValueError("Keyset paging needs an ordering descending on every field.")
        return [str(name)[1:] for name in ordering]

    @staticmethod
    def _encode(row, fields):
        values = [getattr(row, name) for name in fields]
        text = json.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values])
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def _decode(self, cursor, model, fields):
        try:
            values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            if not isinstance(values, list) or len(values) != len(fields):
                raise ValueError
            model_fields = [
                model._meta.pk if n == "pk" else model._meta.get_field(n) for n in fields
            ]
            return tuple(
                field.to_python(value) for field, value in zip(model_fields, values, strict=True)
            )
        except (ValueError, TypeError, binascii.Error, DjangoValidationError):
            raise invalid_cursor(self.cursor_query_param) from None

    def get_next_link(self):
        if self.cursor_page is None:
            return super().get_next_link()
        if self.cursor_page["after"] is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, self.cursor_page["after"])

    def get_previous_link(self):
        # A cursor leads forward only; the first page is the way back.
        if self.cursor_page is None:
            return super().get_previous_link()
        return None

    def total(self):
        if self.cursor_page is None:
            return self.page.paginator.count, True
        return self.cursor_page["count"], self.count_is_exact


class CheckedCursorPagination(CursorPagination):
    """DRF's cursor paging for short lists read in one fixed order, with the cursor's
    position read by the ordering's first field before the database sees it: a forged
    cursor is a 400 naming it, as `KeysetPaginationMixin` answers, not a 500."""

    def paginate_queryset(self, queryset, request, view=None):
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
            if cursor is not None and cursor.position is not None:
                field = self.model._meta.get_field(self.ordering[0].lstrip("-"))
                field.to_python(cursor.position)
        except (exceptions.NotFound, DjangoValidationError):
            raise invalid_cursor(self.cursor_query_param) from None
        return cursor
