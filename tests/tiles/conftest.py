import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache(db):
    # Tiles outlive a test in the cache table; each test starts from none.
    cache.clear()
