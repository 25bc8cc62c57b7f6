"""The choices a CSV reader offers on the command line (no record machinery imported)."""

from __future__ import annotations

# What to do with columns the record contract does not name.
EXTRA_COLUMNS = ("refuse", "keep", "ignore")
# The delimiters a CSV may use, by the name the options give them.
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
