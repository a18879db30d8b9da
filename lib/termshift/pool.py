"""The one process pool of the counting paths: start method, warm-up and worker state in one place.

:meth:`termshift.matching.Matcher.count_many` and the streamed count
(:func:`termshift.stream.count_file`) run their chunks in worker processes
through :func:`worker_pool`:

* **start method** -- ``fork`` where the platform has it (Linux, and macOS where
  Python still offers it), else ``spawn``;
* **state** -- one object (the compiled matcher) that every worker holds, read
  there with :func:`worker_state`: with ``fork`` the workers inherit it (nothing
  is pickled), with ``spawn`` it is pickled to each worker once, by the pool's
  initializer;
* **inherited data** -- with ``fork`` only, an object the workers may read
  without it ever being pickled (:func:`inherited`; e.g. the texts, so that only
  index ranges cross to the workers); with ``spawn`` it is None and the caller
  sends each task its data;
* **warm-up** -- with ``fork``, ``warm(state)`` runs in the parent before the
  workers start (compiling what they would otherwise each compile).

Results come back in the order of the tasks (:meth:`WorkerPool.ordered`), each
released as soon as it is read; stopping early cancels the tasks not started.

Examples
--------
>>> with worker_pool(2, {"k": 1}, inherit=[10, 20]) as pool:
...     futures = pool.submit_all(worker_state, [()] * 2)
...     states = list(pool.ordered(futures))
>>> states
[{'k': 1}, {'k': 1}]
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from .errors import ParameterError

__all__ = ["start_method", "worker_pool", "WorkerPool", "worker_state", "inherited"]

_STATE: Any = None
_INHERITED: Any = None


def start_method(method: str | None = None) -> str:
    """``method`` if given (checked), else ``"fork"`` where the platform has it, else ``"spawn"``.

    >>> start_method() in ("fork", "spawn"), start_method("spawn")
    (True, 'spawn')
    """
    methods = mp.get_all_start_methods()
    if method is None:
        return "fork" if "fork" in methods else "spawn"
    if method not in methods:
        raise ParameterError([f"start method {method!r} is not available here; use one of {', '.join(methods)}"])
    return method


def worker_state() -> Any:
    """In a worker of :func:`worker_pool`: the ``state`` it was given (in the parent: None outside a pool)."""
    return _STATE


def inherited() -> Any:
    """In a forked worker of :func:`worker_pool`: the ``inherit`` object of the parent; None with ``spawn``."""
    return _INHERITED


def _initialize(state) -> None:
    global _STATE
    _STATE = state


class WorkerPool:
    """A running pool (made by :func:`worker_pool`): ``forked`` tells whether its workers inherit."""

    def __init__(self, executor: ProcessPoolExecutor, forked: bool):
        self.executor, self.forked = executor, forked

    def submit_all(self, fn: Callable, tasks: Iterable[tuple]) -> list[Future]:
        """``fn(*task)`` for every task, submitted at once."""
        return [self.executor.submit(fn, *task) for task in tasks]

    def ordered(self, futures: list) -> Iterator:
        """The results in the order of ``futures``; each future is let go once read, and the ones not
        started are cancelled if the caller stops early (or a task raises)."""
        try:
            for i in range(len(futures)):
                result, futures[i] = futures[i].result(), None
                yield result
        finally:
            for future in futures:
                if future is not None:
                    future.cancel()


@contextlib.contextmanager
def worker_pool(n_jobs: int, state: Any = None, *, inherit: Any = None, warm: Callable[[Any], Any] | None = None,
                method: str | None = None) -> Iterator[WorkerPool]:
    """A process pool of ``n_jobs`` workers that hold ``state`` (see the module docstring).

    Parameters
    ----------
    n_jobs : int
        Worker processes.
    state : object
        What every worker reads with :func:`worker_state` (picklable for ``spawn``).
    inherit : object, optional
        What forked workers read with :func:`inherited` (never pickled; None with ``spawn``).
    warm : callable, optional
        ``warm(state)`` before the workers fork (not with ``spawn``: each worker unpickles its own state).
    method : {"fork", "spawn", "forkserver"}, optional
        Start method (default: :func:`start_method`).
    """
    global _INHERITED
    method = start_method(method)
    forked = method == "fork"
    if forked and warm is not None:
        warm(state)
    previous, _INHERITED = _INHERITED, (inherit if forked else None)
    try:
        with ProcessPoolExecutor(n_jobs, mp_context=mp.get_context(method), initializer=_initialize,
                                 initargs=(state,)) as executor:
            yield WorkerPool(executor, forked)
    finally:
        _INHERITED = previous
