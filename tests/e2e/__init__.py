"""End-to-end: the console commands run on the shipped examples."""
