"""Graded exercises on framing shifts: seeded exercise data and checks that explain.

The classroom edition of termshift lives in ``notebooks/exercises`` (the
notebooks handed out) and ``notebooks/solutions`` (the same notebooks with the
answers filled in). This package is what they call:

* :func:`exercise_corpus` / :func:`exercise_folder` -- the data of an exercise,
  built by :func:`termshift.datasets.synthetic` from the **course seed**
  (:func:`course_seed`: the ``TERMSHIFT_COURSE_SEED`` environment variable,
  else :data:`DEFAULT_SEED`), with a planted shift so every answer is known;
  :func:`sotu_corpus` -- the real State of the Union corpus, built once.
* :func:`check` -- prints (and returns) :class:`Feedback` on one answer: what
  is right, what is wrong, and a hint toward the fix, never the answer.

Answers are not stored: :func:`check` recomputes the expected answer from the
exercise data and the seed, so a new seed gives new data *and* new answers
(last year's answers fail). The few fixed answers (multiple choice) are
compared as salted SHA-256 digests, and their letters are shuffled per seed.

:data:`EXERCISES` lists the task ids with their titles, :data:`SETS` the
exercise notebooks. :func:`student_version` turns a solution notebook into
the student notebook (``python -m termshift.exercises build``, or
``termshift exercises build``, rewrites them all); :func:`build_handout`
(``termshift exercises handout --out DIR``) writes the students' folder and
zip, without solutions or the instructor guide.

Modules, each importing only from those above it:

* :mod:`~termshift.exercises.data` -- the catalogue, the course seed and the data sets;
* :mod:`~termshift.exercises.feedback` -- :class:`Feedback`, :func:`check`, the
  checker registry and the answer readers;
* :mod:`~termshift.exercises.answers` -- prediction pairs and multiple choice (salted digests);
* one module of checks per exercise set: :mod:`~termshift.exercises.load`,
  :mod:`~termshift.exercises.terms`, :mod:`~termshift.exercises.counting`,
  :mod:`~termshift.exercises.uncertainty`, :mod:`~termshift.exercises.change`,
  :mod:`~termshift.exercises.sotu`, :mod:`~termshift.exercises.bilingual`;
* :mod:`~termshift.exercises.notebooks` -- the student notebooks and the handout;
* ``__main__`` -- the ``list``, ``build`` and ``handout`` commands.
"""

from __future__ import annotations

# The checks of each set register themselves with check() on import.
from . import bilingual, change, counting, load, sotu, terms, uncertainty  # noqa: F401
from .answers import Choices, choices, prediction_pairs
from .data import (
                   DEFAULT_SEED,
                   EXERCISES,
                   SEED_ENV,
                   SETS,
                   course_seed,
                   exercise_corpus,
                   exercise_folder,
                   sotu_corpus,
                   sotu_terms,
)
from .feedback import Feedback, check
from .notebooks import build_handout, build_notebooks, student_version

__all__ = ["EXERCISES", "SETS", "DEFAULT_SEED", "SEED_ENV", "course_seed", "exercise_corpus", "exercise_folder",
           "sotu_corpus", "sotu_terms", "choices", "Choices", "prediction_pairs", "check", "Feedback",
           "student_version", "build_notebooks", "build_handout"]
