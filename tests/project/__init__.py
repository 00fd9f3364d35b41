"""The project as a whole: packaging, generated documentation."""
