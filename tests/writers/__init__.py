"""Tests of dean5299_cli.writers: form, summary workbook, report, atomic writing."""
