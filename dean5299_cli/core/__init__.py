"""The pure core: indicator sets, settings, problems, figures. No terminal, no file formats."""
