"""Entry point for `python -m dean5299_cli` and the `dean5299` console script."""

import sys


def main() -> None:
    """Run the command line; Ctrl-C while the program is still loading is one Vietnamese line too."""
    try:
        from dean5299_cli.cli.app import main as run
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng theo yêu cầu.\n")
        sys.exit(130)
    run()


if __name__ == "__main__":
    main()
