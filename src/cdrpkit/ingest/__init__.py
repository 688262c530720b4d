"""Real recorded-crime data into cdrpkit's long format: police.uk and Home Office tables.

- :func:`ingest_police_uk`: data.police.uk street-level files (CSV, directories, archive
  zips) -> one figure per Community Safety Partnership x crime type x month;
- :func:`ingest_home_office`: the Home Office police recorded crime open data tables (by
  Police Force Area or by Community Safety Partnership) -> one figure per area x offence
  code x financial quarter;
- :func:`write_figures`: CSV or Parquet, with the summary JSON beside it;
- :func:`read_ingested`: many Parquet outputs (years, forces) read with DuckDB;
- :func:`figures_for`: ingested figures in a strategy's own terms, through the partnership's
  ONS codes and the offence-code registry, ready for :func:`cdrpkit.assess`.

Contains public sector information licensed under the Open Government Licence v3.0.
"""

from __future__ import annotations

from cdrpkit.ingest.figures import NotAssessable, figures_for, has_ons_codes
from cdrpkit.ingest.geography import ATTRIBUTION, LOOKUP_DATE, LOOKUP_SOURCE, bundled_lookup
from cdrpkit.ingest.home_office import ingest_home_office
from cdrpkit.ingest.police_uk import indicator_for, ingest_police_uk
from cdrpkit.ingest.scan import read_ingested
from cdrpkit.ingest.summary import FileReport, Ingested, Summary, write_figures

__all__ = [
    "ATTRIBUTION",
    "LOOKUP_DATE",
    "LOOKUP_SOURCE",
    "FileReport",
    "Ingested",
    "NotAssessable",
    "Summary",
    "bundled_lookup",
    "figures_for",
    "has_ons_codes",
    "indicator_for",
    "ingest_home_office",
    "ingest_police_uk",
    "read_ingested",
    "write_figures",
]
