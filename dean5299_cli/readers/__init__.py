"""Readers: files on disk → plain grids and raw submissions. No judgement about the figures."""
