"""The classroom notebooks: student versions of the solution notebooks, and rebuilding every paired file."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..errors import ParameterError

__all__ = ["student_version", "build_notebooks"]

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
    import jupytext

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
    written = []
    (root / "exercises").mkdir(exist_ok=True)
    for src, text, student in pairs:
        dest = root / "exercises" / src.name
        dest.write_text(student, encoding="utf-8")
        for path, body in ((src, text), (dest, student)):
            nb = jupytext.reads(body, fmt="py:percent")
            _stable_ids(nb)
            ipynb = path.with_suffix(".ipynb")
            ipynb.write_text(jupytext.writes(nb, fmt="ipynb"), encoding="utf-8")
            written.append(ipynb)
        written.append(dest)
    return written

