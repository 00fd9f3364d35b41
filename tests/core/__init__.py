"""Tests of dean5299_cli.core: pure judging, figures, settings, indicator sets."""
