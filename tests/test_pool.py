"""termshift.pool: the one process pool (start method, worker state, inherited data, warm-up, ordered results)."""

import pytest

from termshift.errors import ParameterError
from termshift.pool import inherited, start_method, worker_pool, worker_state

METHODS = [m for m in ("fork", "spawn") if m in __import__("multiprocessing").get_all_start_methods()]


@pytest.mark.parametrize("method", METHODS)
def test_workers_hold_the_state_and_forked_ones_inherit(method):
    warmed = []
    with worker_pool(2, {"matcher": 7}, inherit=["texts"], warm=warmed.append, method=method) as pool:
        assert pool.forked == (method == "fork")
        states = list(pool.ordered(pool.submit_all(worker_state, [()] * 3)))
        shared = list(pool.ordered(pool.submit_all(inherited, [()] * 2)))
    assert states == [{"matcher": 7}] * 3
    # forked workers read the parent's object without pickling; spawned ones get None (the caller sends data)
    assert shared == ([["texts"]] * 2 if method == "fork" else [None, None])
    assert warmed == ([{"matcher": 7}] if method == "fork" else [])
    assert inherited() is None and worker_state() is None  # the parent's globals are restored


def test_results_come_in_task_order_and_are_released():
    with worker_pool(2, None) as pool:
        futures = pool.submit_all(divmod, [(n, 3) for n in range(20)])
        assert list(pool.ordered(futures)) == [divmod(n, 3) for n in range(20)]
        assert futures == [None] * 20  # each future let go once read


def test_stopping_early_cancels_the_rest_and_an_error_reaches_the_caller():
    with worker_pool(1, None) as pool:
        futures = pool.submit_all(divmod, [(1, 1)] * 50)
        for _ in pool.ordered(futures):
            break
        assert any(f is not None and f.cancelled() for f in futures)  # those not started yet
    assert all(f is None or f.cancelled() or f.done() for f in futures)
    with worker_pool(1, None) as pool, pytest.raises(ZeroDivisionError):
        list(pool.ordered(pool.submit_all(divmod, [(1, 1), (1, 0)])))


def test_start_method():
    assert start_method() == ("fork" if "fork" in METHODS else "spawn")
    with pytest.raises(ParameterError, match="start method 'nosuch' is not available here"):
        start_method("nosuch")
