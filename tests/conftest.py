from pathlib import Path

import pytest

pytest_plugins = ["tests.loopback"]

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture
def shared() -> Path:
    """The read-only ../shared folder (corpus, fixtures); tests that need it skip without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED
