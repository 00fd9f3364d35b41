"""Tests of dean5299_cli.cli: commands, help, exit codes."""
