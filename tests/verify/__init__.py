"""Tests of dean5299_cli.verify: audit of written reports, reconcile against exports."""
