"""Entry point for `python -m dean5299_cli` and the `dean5299` console script."""

import sys
from typing import NoReturn


def main() -> None:
    """Run the command line. Ctrl-C is one Vietnamese line at every moment: inside a command
    (cli/errors.py), while Click parses (cli/vietnamese.py), and here, while the program is still
    loading or Typer is still building its commands."""
    try:
        from dean5299_cli.startup import no_pydantic_plugins

        no_pydantic_plugins()
        from dean5299_cli.cli.app import main as run

        run()
    except KeyboardInterrupt:
        _stopped()
    except RuntimeError as exc:
        # Ctrl-C inside a class's __set_name__ arrives wrapped (cli/errors.py, `interrupted`).
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, KeyboardInterrupt):
            _stopped()
        raise


def _stopped() -> NoReturn:
    sys.stderr.write("Đã dừng theo yêu cầu.\n")
    sys.exit(130)


if __name__ == "__main__":
    main()
