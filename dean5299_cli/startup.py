"""What the command line's own process sets up before it loads anything else.

pydantic builds the settings' models at start-up. On the first one it looks for its plugins: it
imports `importlib.metadata` (with `email` and `socket`: ~15 ms of the ~0,3 s `validate` takes
on the shipped example) and reads the entry points of every installed package, a cost that grows
with the environment. The tool uses no pydantic plugin (they observe validation, for tracing),
and the command line's process is its own: there, pydantic's plugin loader finds none. Code that
imports dean5299_cli as a library keeps its plugins: only `__main__` calls this.
"""

from __future__ import annotations

import importlib
import sys
import types

_LOADER = "pydantic.plugin._loader"


def no_pydantic_plugins() -> None:
    """pydantic's plugin loader replaced by one that finds no plugin, before pydantic asks for it
    (nothing done once the real one is loaded). Whatever else a later pydantic asks of its loader
    is the real loader's (`_real`): slower, never wrong."""
    if _LOADER in sys.modules:
        return
    loader = types.ModuleType(_LOADER)
    setattr(loader, "get_plugins", _no_plugins)  # noqa: B010 - a module built here
    setattr(loader, "__getattr__", _real)  # noqa: B010 - PEP 562: any other name
    sys.modules[_LOADER] = loader


def _no_plugins() -> tuple[()]:
    return ()


def _real(name: str) -> object:
    if name.startswith("__"):  # a module's own attributes (`__path__`…): as a plain module
        raise AttributeError(name)
    sys.modules.pop(_LOADER, None)
    return getattr(importlib.import_module(_LOADER), name)
