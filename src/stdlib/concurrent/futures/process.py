"""ProcessPoolExecutor: calls run by worker processes (each with its own
GIL: computing in parallel), on the machinery of multiprocessing.Pool.

If a worker process dies while running a call, the executor is broken, as
in CPython: that call and every pending one fail with BrokenProcessPool,
and so does every later submit."""

import os
import threading
from concurrent.futures import _base
from multiprocessing.pool import Pool


class BrokenProcessPool(_base.BrokenExecutor):
    """A worker process died: the pool cannot be used any more."""


_BROKEN = ('A process in the process pool was terminated abruptly while the '
           'future was running or pending.')


class ProcessPoolExecutor(_base.Executor):

    def __init__(self, max_workers=None, mp_context=None, initializer=None,
                 initargs=(), *, max_tasks_per_child=None):
        if max_workers is None:
            max_workers = os.cpu_count() or 1
        elif max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")
        self._max_workers = max_workers
        self._pool = Pool(max_workers, initializer, initargs, max_tasks_per_child)
        self._pool._on_worker_lost = self._worker_lost
        self._lock = threading.Lock()
        self._futures = set()
        self._shutdown = False
        self._broken = False

    def _worker_lost(self, err):
        with self._lock:
            self._broken = True
            futures = list(self._futures)
            self._futures.clear()
        for f in futures:
            if not f.done():
                f.set_exception(BrokenProcessPool(_BROKEN))

    def submit(self, fn, *args, **kwargs):
        with self._lock:
            if self._broken:
                raise BrokenProcessPool(_BROKEN)
            if self._shutdown:
                raise RuntimeError('cannot schedule new futures after shutdown')
            f = _base.Future()
            self._futures.add(f)

        def done(value):
            with self._lock:
                self._futures.discard(f)
            if not f.done() and f.set_running_or_notify_cancel():
                f.set_result(value)

        def failed(exc):
            with self._lock:
                self._futures.discard(f)
            if not f.done() and f.set_running_or_notify_cancel():
                f.set_exception(exc)

        self._pool.apply_async(fn, args, kwargs, callback=done, error_callback=failed)
        return f

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._lock:
            self._shutdown = True
            futures = list(self._futures) if cancel_futures else []
        for f in futures:
            f.cancel()
        self._pool.close()
        if wait:
            self._pool.join()
