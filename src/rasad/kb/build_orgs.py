"""Build ``rasad/kb/data/orgs.tsv`` (organisations) and ``states.tsv`` (countries' official names).

Run ``python -m rasad.kb.build_orgs [--data ../shared/data]`` (the output is
committed; nothing is downloaded). Reads two files of ``names/`` (their
README gives provenance and licences):

- ``orgs_ar_en_supraverden.tsv``: international organisations with an Arabic
  name and an English abbreviation (CC BY-SA 4.0, confirmordeny/supraverden);
- ``cldr_places_fa_ar_en.tsv``: the rows CLDR types as organisations (the
  European Union, the United Nations, the Eurozone), with Persian and Arabic
  (Unicode License v3).

- ``countries_fa_ar_en.tsv``: the official names of countries in Persian and
  Arabic («پادشاهی ...», «المملكة ...»), for :func:`rasad.kb.orgs.state_candidates`
  (ODbL 1.0, mledoze/countries); the country is found by its common English
  name in :mod:`rasad.kb`.

Rows are written as the sources have them, sorted; nothing is typed by hand.
"""

from __future__ import annotations

import argparse
import csv
import logging
from pathlib import Path

from rasad.kb.orgs import DATA_FILE, STATES_FILE

log = logging.getLogger(__name__)

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
HEADER = (
    "# Organisations: English<TAB>English abbreviation<TAB>Persian<TAB>Arabic (empty where the source has none).\n"
    "# Built by `python -m rasad.kb.build_orgs` from ../shared/data/names (supraverden: CC BY-SA 4.0;\n"
    "# CLDR: Unicode License v3). See data/CARD.md.\n"
)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def build(data: Path = DEFAULT_DATA, out: Path = DATA_FILE) -> int:
    """Write the table from ``data`` (the shared data folder); returns the number of rows."""
    names = data / "names"
    rows: dict[str, tuple[str, str, str, str]] = {}
    for r in _rows(names / "orgs_ar_en_supraverden.tsv"):
        rows[r["en"]] = (r["en"], r.get("abbr_en") or "", r.get("fa") or "", r.get("ar") or "")
    for r in _rows(names / "cldr_places_fa_ar_en.tsv"):
        if r["type"] == "ORG":
            rows[r["en"]] = (r["en"], "", r.get("fa") or "", r.get("ar") or "")
    lines = [
        "\t".join(v.replace("\t", " ").strip() for v in row) for _, row in sorted(rows.items())
    ]
    out.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    log.info("wrote %d organisations to %s", len(lines), out)
    return len(lines)


def build_states(data: Path = DEFAULT_DATA, out: Path = STATES_FILE) -> int:
    """Write countries' official Persian and Arabic names; returns the number of countries."""
    from rasad.kb import lookup_place

    by_code: dict[str, dict[str, str]] = {}
    for r in _rows(data / "names" / "countries_fa_ar_en.tsv"):
        code = r["source_id"].split(":")[1]
        by_code.setdefault(code, {})[r["name_kind"]] = r  # type: ignore[assignment]
    lines = []
    for kinds in by_code.values():
        common, official = kinds.get("common"), kinds.get("official")
        if not common or not official:
            continue
        place = lookup_place(common["en"], "en")  # type: ignore[index]
        if place is None or place.kind != "country":
            continue
        fa, ar = official.get("fa", ""), official.get("ar", "")  # type: ignore[union-attr]
        if fa or ar:
            lines.append(f"{place.iso2}\t{fa.strip()}\t{ar.strip()}")
    out.write_text(
        "# Official names: ISO 3166 code<TAB>Persian<TAB>Arabic. Built by `python -m rasad.kb.build_orgs`\n"
        "# from ../shared/data/names/countries_fa_ar_en.tsv (mledoze/countries, ODbL 1.0).\n"
        + "\n".join(sorted(lines))
        + "\n",
        encoding="utf-8",
    )
    log.info("wrote %d official names to %s", len(lines), out)
    return len(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="the shared data folder (../shared/data)"
    )
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    build(args.data)
    build_states(args.data)


if __name__ == "__main__":
    main()
