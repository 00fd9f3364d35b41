"""Tests of dean5299_cli.readers: workbooks of every format, layouts, hostile files."""
