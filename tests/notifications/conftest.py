import pytest

from tests.support.queue import forget_queue


@pytest.fixture
def empty_queue():
    """The job queue's tables emptied before and after a test that runs a real worker (test
    flushes leave them alone)."""
    forget_queue()
    yield
    forget_queue()
