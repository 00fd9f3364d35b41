"""Checking other people's figures: a report's arithmetic (audit) and a system export (reconcile)."""
