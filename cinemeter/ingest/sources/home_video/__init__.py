"""Home-video editions from open data: TheDiscDb, filmbrainz-seed, and Wikidata's film links.

- `records`: the frozen records the parsers make (`EditionRecord`, `WikidataFilm`).
- `values`: text, formats, feature kinds, dates, barcodes and languages as the site stores
  them.
- `thediscdb`, `filmbrainz`, `wikidata`: one parser per source (pure, over decoded JSON),
  with their quirks in their docstrings.
- `files`: which units (release folders, documents) lie under the paths given.
- `writer`: a batch of records into the catalogue (`catalog.bulk`: label and distributor
  companies, the films' ids) and the editions (`releases.editions.services`).

`manage.py ingest_home_video` runs them; docs/releases.md describes the import.
"""
