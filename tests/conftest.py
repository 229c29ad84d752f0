"""Shared fixtures.  Tests that read ../shared skip when it is absent, unless
DOTTEREL_REQUIRE_SHARED=1 (as in CI), where its absence is a failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def shared_path() -> Path:
    return Path(os.environ.get("DOTTEREL_SHARED", REPO.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_path()
    if not (path / "README.md").exists():
        if os.environ.get("DOTTEREL_REQUIRE_SHARED") == "1":
            pytest.fail(f"DOTTEREL_REQUIRE_SHARED=1 but {path} holds no shared data")
        pytest.skip(f"{path} is absent; set DOTTEREL_REQUIRE_SHARED=1 to require it")
    return path


@pytest.fixture(scope="session")
def canonical_article(shared: Path) -> str:
    return (shared / "examples" / "pnn-iran-pakistan-cooperation.txt").read_text(encoding="utf-8")
