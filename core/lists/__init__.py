"""The list-and-export library every app's list pages are built from.

- `views`: `FilteredListView` (a filtered, sorted, keyset-paged list page),
  `FilteredExportView` (its CSV/XLSX download) and `ListColumn` (a table column).
- `filters`: `ListFilterSet`, the filter form styled once in Python.
- `pagination`: keyset paging, so page 2,000 costs what page 1 costs.
- `links`: URLs reversed once per pattern.
- `csv_export`, `xlsx_export`: the two download writers (formula-safe, streamed).

It never imports an app. `docs/lists.md` is the checklist for a new list.
"""
