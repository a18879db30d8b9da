"""Read a TOML input file, turning every failure into one line that names the file."""

from __future__ import annotations

import tomllib
from pathlib import Path


def read_toml(path, error, fix: str = "fix the syntax") -> dict:
    """Parse ``path`` as TOML (UTF-8, BOM allowed); raise ``error([line])`` when it cannot be read or parsed."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise error([f"{path}: cannot be read ({e.strerror}); check the path"]) from None
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise error([f"{path}: not valid TOML ({e}); {fix}"]) from None
