"""The figures manifest: what made each figure, the code fingerprint, the folder's safety rules.

``MANIFEST.json`` lists each figure's files and their sha256, the notebook,
parameters, corpus/terms/code fingerprints and the versions of the packages
that drew it; a table for a paper (:func:`~termshift.figures.save_table`) is
listed the same way, with ``"kind": "table"``. It is also the folder's ownership list: :func:`install` replaces
or removes only files that the folder's previous manifest lists, so files a
user keeps beside the figures are never touched (:func:`check_outdir` refuses
a non-empty folder without a manifest before any notebook runs).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import tempfile
from pathlib import Path

from ..errors import ParameterError
from ..files import replace_atomically

__all__ = ["MANIFEST", "RECORDS", "PACKAGES", "PACKAGE_DATA", "sha256", "dump_json", "write_atomic", "versions",
           "package_files", "package_fingerprint", "read_manifest", "manifest_files", "check_outdir", "entries",
           "install", "owned_files", "compare"]

#: The manifest's file name in the figures folder.
MANIFEST = "MANIFEST.json"
#: Folder (inside the figures folder) of the records :func:`termshift.figures.save` writes.
RECORDS = ".records"
#: Distributions whose versions shape a figure (the manifest records each).
PACKAGES = ("numpy", "pandas", "matplotlib", "scikit-learn", "scipy", "nltk", "pyarrow", "pyahocorasick",
            "pillow", "fonttools", "kiwisolver", "contourpy", "pyparsing", "termshift")
#: File endings of the package's code and data covered by :func:`package_fingerprint`.
PACKAGE_DATA = (".py", ".mplstyle", ".toml", ".json", ".csv", ".txt")

_FIGURE_FILE = re.compile(r"[a-z][a-z0-9_]*\.(?:pdf|svg|png)\Z")
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def sha256(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def dump_json(obj) -> bytes:
    """Canonical JSON bytes (sorted keys, two-space indent, UTF-8, final newline)."""
    return (json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_atomic(path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and :func:`os.replace`.

    A failed write (disk full, interrupted) leaves no truncated file and
    never touches another file of the folder.
    """
    replace_atomically(path, data)


def versions() -> dict:
    """Versions of Python, FreeType and every package that shapes a figure.

    Examples
    --------
    >>> v = versions()
    >>> sorted(k for k in ("python", "matplotlib", "freetype") if v[k])
    ['freetype', 'matplotlib', 'python']
    """
    from importlib import metadata

    import matplotlib.ft2font

    out: dict = {"python": platform.python_version(), "freetype": matplotlib.ft2font.__freetype_version__}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def package_files(root=None) -> list[Path]:
    """Every code and data file of the package, subpackages included, in a stable order.

    Files ending in one of :data:`PACKAGE_DATA`, anywhere below ``root``
    (default: the installed ``termshift`` folder), except in hidden folders
    and ``__pycache__``; sorted by their path relative to ``root``.

    Examples
    --------
    >>> names = [p.relative_to(_PACKAGE_ROOT).as_posix() for p in package_files()]
    >>> "plots.py" in names and "figures/manifest.py" in names and "termshift.mplstyle" in names
    True
    """
    root = Path(root) if root is not None else _PACKAGE_ROOT
    found = []
    for p in root.rglob("*"):
        rel = p.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        if p.suffix in PACKAGE_DATA and p.is_file():
            found.append((rel.as_posix(), p))
    return [p for _, p in sorted(found)]


def package_fingerprint(root=None) -> str:
    """sha256 over the relative path and bytes of every file of :func:`package_files`.

    A change to any module (a subpackage's included), a renamed or moved file,
    or an edited style or data file changes it.
    """
    root = Path(root) if root is not None else _PACKAGE_ROOT
    h = hashlib.sha256()
    for p in package_files(root):
        h.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0" + sha256(p.read_bytes()).encode() + b"\n")
    return h.hexdigest()


def read_manifest(folder):
    """The manifest of ``folder`` as a dict, or None when it has none.

    Raises
    ------
    ParameterError
        The manifest is not valid JSON or not a manifest.
    """
    p = Path(folder) / MANIFEST
    if not p.is_file():
        return None
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as e:
        raise ParameterError([f"{p}: not a readable JSON manifest ({type(e).__name__}); restore it from version "
                              "control, or move the folder's files away and run termshift figures"]) from None
    if not (isinstance(data, dict) and isinstance(data.get("figures", {}), dict)
            and all(isinstance(e, dict) and isinstance(e.get("files", {}), dict) for e in data.get("figures", {})
                    .values())):
        raise ParameterError([f"{p}: not a termshift figures manifest; restore it from version control, or move "
                              "the folder's files away and run termshift figures"])
    return data


def manifest_files(manifest) -> set[str]:
    """File names a manifest lists (the files the figures pipeline owns in its folder)."""
    if not manifest:
        return set()
    return {f for entry in manifest.get("figures", {}).values() for f in entry.get("files", {})
            if isinstance(f, str) and "/" not in f and "\\" not in f and f not in (".", "..")}


def _nearest_existing(path: Path) -> Path:
    p = path.absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def check_outdir(outdir):
    """Check, before any notebook runs, that the figures can be written into ``outdir``.

    Returns
    -------
    dict or None
        The folder's previous manifest (None for a missing or empty folder).

    Raises
    ------
    ParameterError
        ``outdir`` is a file, cannot be created or written, holds files but
        no ``MANIFEST.json`` (nothing there may be replaced: they could be
        yours), or holds a broken manifest. One line, naming the folder and
        the fix.
    """
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise ParameterError([f"{outdir}: is a file; give a folder for the figures (--out)"])
    base = outdir if outdir.is_dir() else _nearest_existing(outdir)
    if not base.is_dir():
        raise ParameterError([f"{outdir}: cannot be created ({base} is a file); give a folder for the figures "
                              "(--out)"])
    try:
        fd, probe = tempfile.mkstemp(dir=base, prefix=".termshift-write-test-")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise ParameterError([f"{outdir}: cannot write there ({e.strerror or type(e).__name__}); give a "
                              "writable folder for the figures (--out)"]) from None
    if not outdir.is_dir():
        return None
    manifest = read_manifest(outdir)
    if manifest is None:
        try:
            present = sorted(p.name for p in outdir.iterdir())
        except OSError as e:
            raise ParameterError([f"{outdir}: cannot be listed ({e.strerror}); give a readable folder (--out)"]) \
                from None
        if present:
            shown = ", ".join(present[:3]) + (", ..." if len(present) > 3 else "")
            raise ParameterError([f"{outdir}: holds {len(present)} file(s) ({shown}) but no {MANIFEST}, so none "
                                  "of them may be replaced; give an empty or new folder (--out)"])
    return manifest


def entries(stage, code: dict):
    """Manifest entries and environments from the records :func:`~termshift.figures.save` wrote into ``stage``."""
    stage = Path(stage)
    figures, environments = {}, {}
    for rec_path in sorted((stage / RECORDS).glob("*.json")):
        rec = json.loads(rec_path.read_text(encoding="utf-8"))
        name = rec["name"]
        files = {f: sha256((stage / f).read_bytes()) for f in rec["files"] if (stage / f).is_file()}
        env_id = sha256(dump_json(rec["versions"]))[:12]
        environments[env_id] = rec["versions"]
        figures[name] = {
            **({"kind": rec["kind"]} if rec.get("kind", "figure") != "figure" else {}),
            "code": code.get(rec["notebook"]),
            "corpus": rec["corpus"],
            "environment": env_id,
            "files": files,
            "notebook": rec["notebook"],
            "params": rec["params"],
            "terms": rec["terms"],
        }
    return figures, environments


def install(stage, outdir, manifest: dict, made: set, previous) -> list[str]:
    """Copy this run's figures from ``stage`` into ``outdir`` and write the manifest; returns removed names.

    Only files that ``previous`` (the folder's manifest before the run) lists
    are replaced or removed: a file of a new figure that already exists but is
    not listed refuses the whole install, before anything is written. Every
    file is written atomically.

    Raises
    ------
    ParameterError
        A new figure's file would replace a file the previous manifest does not list.
    """
    stage, outdir = Path(stage), Path(outdir)
    owned = manifest_files(previous)
    writes = [(fname, digest) for name, entry in manifest["figures"].items() if name in made
              for fname, digest in entry["files"].items()]
    clashes = sorted(f for f, _ in writes if f not in owned and os.path.lexists(outdir / f))
    if clashes:
        raise ParameterError([f"{outdir / f}: exists and is not listed in {outdir / MANIFEST}, so it is not "
                              "replaced; move it away or give another folder (--out)" for f in clashes],
                             header=f"{len(clashes)} file(s) in {outdir} would be overwritten; nothing was written:")
    outdir.mkdir(parents=True, exist_ok=True)
    for fname, digest in writes:
        target = outdir / fname
        if not (target.is_file() and not target.is_symlink() and sha256(target.read_bytes()) == digest):
            write_atomic(target, (stage / fname).read_bytes())
    wanted = manifest_files(manifest)
    removed = []
    for fname in sorted(owned - wanted):
        p = outdir / fname
        if p.is_file() or p.is_symlink():
            p.unlink()
            removed.append(fname)
    records = outdir / RECORDS  # records left by interactive save(): only those of the figures listed
    for name in sorted(set((previous or {}).get("figures", {})) | set(manifest["figures"])):
        rec = records / f"{name}.json"
        if rec.is_file() and not rec.is_symlink():
            rec.unlink()
    if records.is_dir() and not records.is_symlink() and not any(records.iterdir()):
        records.rmdir()
    write_atomic(outdir / MANIFEST, dump_json(manifest))
    return removed


def owned_files(folder, manifest=None) -> dict:
    """``{name: {file name, ...}}``: the ``<name>.pdf|svg|png`` files in ``folder``, and those ``manifest`` lists.

    A table's ``.tex``, ``.md`` and ``.csv`` files count only when the manifest
    lists them: other such files beside the figures (a CSV written by
    ``make``) are not the pipeline's.
    """
    folder = Path(folder)
    out: dict = {}
    if folder.is_dir():
        for p in folder.iterdir():
            if p.is_file() and _FIGURE_FILE.match(p.name):
                out.setdefault(p.name.rsplit(".", 1)[0], set()).add(p.name)
        for name, entry in (manifest or {}).get("figures", {}).items():
            for fname in entry.get("files", {}):
                if isinstance(fname, str) and "/" not in fname and (folder / fname).is_file():
                    out.setdefault(name, set()).add(fname)
    return out


def _version_changes(a: dict, b: dict) -> list[str]:
    va = {k: v for env in a.values() for k, v in env.items()}
    vb = {k: v for env in b.values() for k, v in env.items()}
    return [f"{k} {va.get(k)} -> {vb.get(k)}" for k in sorted(set(va) | set(vb)) if va.get(k) != vb.get(k)]


def compare(committed, fresh) -> list[str]:
    """One line per figure that differs between two figures folders (empty when identical).

    Parameters
    ----------
    committed : path
        The folder as committed (``figures/``).
    fresh : path
        A folder just regenerated by :func:`~termshift.figures.run_notebooks`.

    Returns
    -------
    list of str
        ``"<name>: ..."`` for each figure whose files or manifest entry
        differ, that is missing from ``committed``, or that is extra there
        (no notebook makes it); a last ``"MANIFEST.json: ..."`` line when the
        manifest differs otherwise (package versions).
    """
    committed, fresh = Path(committed), Path(fresh)
    ma, mb = read_manifest(committed), read_manifest(fresh)
    fa, fb = (ma or {}).get("figures", {}), (mb or {}).get("figures", {})
    oa, ob = owned_files(committed, ma), owned_files(fresh, mb)
    lines = []
    for name in sorted(set(oa) | set(ob) | set(fa) | set(fb)):
        in_fresh = name in ob or name in fb
        if not in_fresh:
            if ma is None or name in fa:
                lines.append(f"{name}: extra in {committed} (no notebook makes it); run termshift figures to "
                             "remove it")
            else:  # not the pipeline's: termshift figures leaves it alone
                lines.append(f"{name}: extra in {committed} (no notebook makes it and {MANIFEST} does not list it); "
                             "move it out of the figures folder")
            continue
        if name not in oa and name not in fa:
            lines.append(f"{name}: missing from {committed} (made by {fb.get(name, {}).get('notebook')}); "
                         "run termshift figures")
            continue
        problems = []
        for fname in sorted(oa.get(name, set()) | ob.get(name, set())):
            if fname not in oa.get(name, set()):
                problems.append(f"{fname} missing")
            elif fname not in ob.get(name, set()):
                problems.append(f"{fname} extra")
            elif (committed / fname).read_bytes() != (fresh / fname).read_bytes():
                problems.append(f"{fname} differs")
        ea, eb = fa.get(name), fb.get(name)
        if ea is None and ma is not None:
            problems.append("not in the manifest")
        elif ea is not None and ea != eb:
            keys = sorted(k for k in set(ea) | set(eb or {}) if ea.get(k) != (eb or {}).get(k))
            problems.append(f"manifest entry differs ({', '.join(keys)})")
        if problems:
            lines.append(f"{name}: {'; '.join(problems)}")
    if ma is None:
        lines.append(f"{MANIFEST}: missing from {committed}; run termshift figures")
    elif (committed / MANIFEST).read_bytes() != (fresh / MANIFEST).read_bytes():
        changes = _version_changes(ma.get("environments", {}), (mb or {}).get("environments", {}))
        if changes:
            lines.append(f"{MANIFEST}: package versions differ ({'; '.join(changes)})")
        elif not lines:
            lines.append(f"{MANIFEST}: differs")
    return lines
