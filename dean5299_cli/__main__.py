"""Entry point for `python -m dean5299_cli`."""

from dean5299_cli.cli.app import main

if __name__ == "__main__":
    main()
