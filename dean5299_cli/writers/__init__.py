"""Writers: workbooks and documents made from computed data. Each writes atomically."""
