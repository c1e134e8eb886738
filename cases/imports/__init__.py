"""Importing the office's spreadsheets of participants (XLSX or CSV).

A hand-written importer rather than django-import-export: its rules are ours
(a preview that writes nothing, likely duplicates by NIK or by name and birth
date, all good rows or none, writes through `participant_register`, formulas
refused), and django-import-export would need each of them overridden while
keeping the uploaded file in its own temporary storage between the two steps.
Here nothing is stored between them: the preview's confirm button carries the
file's rows, signed, and the confirmation checks every row again.
"""
