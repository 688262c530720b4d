"""Shared fixtures of the ingest tests: the real files copied into tests/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdrpkit.ingest import Ingested, ingest_police_uk

DATA = Path(__file__).resolve().parents[1] / "data"
POLICE_UK = DATA / "police_uk"
HOME_OFFICE = DATA / "home_office"
MONTHS = ("2019-12", "2020-01", "2022-10")


@pytest.fixture(scope="session")
def leics() -> Ingested:
    """The three real Leicestershire months, ingested once for the session."""
    return ingest_police_uk([POLICE_UK / f"{m}-leicestershire-street.csv" for m in MONTHS])
