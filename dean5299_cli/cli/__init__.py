"""The command line: parses options, calls the library, prints. Nothing is computed here."""
