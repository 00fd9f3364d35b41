"""The mark the tool gives the files it writes (custom document properties of .xlsx/.docx), as
the writers put it (`writers.marks`) and the readers look for it (`readers.ooxml`): one list of
names, one spelling of a property's value."""

from __future__ import annotations

import re

PROPERTY = "dean5299-output"
KIND_PROPERTY = "dean5299-kind"
# The office whose summary it is, as its title block names it: the office's own reading passes
# over its own summaries left in the folder without opening them (`readers.files.Reading`).
OFFICE_PROPERTY = "dean5299-office"

# What the file is. A summary sent up is the only kind read back as a submission (one level up);
# a report, a ranking, a review or reconciliation workbook never is.
SUMMARY = "summary"
RANKING = "rank"


def value_pattern(name: str) -> re.Pattern[bytes]:
    """The text value of the custom property `name` in a custom-properties part, as group 1."""
    return re.compile(
        rb'name="' + re.escape(name.encode()) + rb'"[^>]*>\s*<vt:lpwstr[^>]*>([^<]*)<'
    )
