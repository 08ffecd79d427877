"""Dependency parsing of Persian and Arabic (UD v2 relations), trained here from the UD treebanks.

:func:`parser` loads the shipped model of a language once per process;
:class:`~rasad.extract.parse.model.Parser` parses word lists into heads and
relations. Training and the fixed data split: :mod:`rasad.extract.parse.train`.
"""

from __future__ import annotations

import functools

from rasad.extract.parse.model import Parser, model_folder

__all__ = ["Parser", "parser"]


@functools.cache
def parser(lang: str) -> Parser:
    """The shipped parser of ``lang`` (loaded once); FileNotFoundError when none ships."""
    folder = model_folder(lang)
    if not (folder / "meta.json").is_file():
        raise FileNotFoundError(f"no parser model for {lang!r} at {folder}; run `rasad train parse --lang {lang}`")
    return Parser(folder)
