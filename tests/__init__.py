"""Tests of dean5299_cli, laid out like the package; shared helpers live here."""
