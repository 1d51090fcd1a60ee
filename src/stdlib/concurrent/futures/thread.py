"""ThreadPoolExecutor: calls run by a pool of threads (which share this
process's GIL: good for waiting, not for computing)."""

import os
import queue
import threading
from concurrent.futures import _base

_counter = [0]


class BrokenThreadPool(_base.BrokenExecutor):
    """A worker thread's initializer failed."""


class ThreadPoolExecutor(_base.Executor):

    def __init__(self, max_workers=None, thread_name_prefix='',
                 initializer=None, initargs=()):
        if max_workers is None:
            max_workers = min(32, (os.cpu_count() or 1) + 4)
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")
        _counter[0] += 1
        self._max_workers = max_workers
        self._prefix = thread_name_prefix or 'ThreadPoolExecutor-%d' % (_counter[0] - 1)
        self._initializer = initializer
        self._initargs = initargs
        self._work = queue.SimpleQueue()
        self._threads = []
        self._idle = threading.Semaphore(0)
        self._lock = threading.Lock()
        self._shutdown = False
        self._broken = False

    def submit(self, fn, *args, **kwargs):
        with self._lock:
            if self._broken:
                raise BrokenThreadPool(self._broken)
            if self._shutdown:
                raise RuntimeError('cannot schedule new futures after shutdown')
            f = _base.Future()
            self._work.put((f, fn, args, kwargs))
            if not self._idle.acquire(timeout=0) and len(self._threads) < self._max_workers:
                t = threading.Thread(name='%s_%d' % (self._prefix, len(self._threads)),
                                     target=self._worker, daemon=True)
                t.start()
                self._threads.append(t)
            return f

    def _worker(self):
        if self._initializer is not None:
            try:
                self._initializer(*self._initargs)
            except BaseException as e:
                self._fail_all('A thread initializer failed, the thread pool '
                               'is not usable anymore')
                return
        while True:
            item = self._work.get()
            if item is None:
                self._work.put(None)    # let the other workers see it too
                return
            f, fn, args, kwargs = item
            if f.set_running_or_notify_cancel():
                try:
                    result = fn(*args, **kwargs)
                except BaseException as e:
                    f.set_exception(e)
                else:
                    f.set_result(result)
            del item, f
            self._idle.release()

    def _fail_all(self, why):
        with self._lock:
            self._broken = why
            while True:
                try:
                    item = self._work.get_nowait()
                except queue.Empty:
                    break
                if item is not None:
                    item[0].set_exception(BrokenThreadPool(why))

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._lock:
            self._shutdown = True
            if cancel_futures:
                pending = []
                while True:
                    try:
                        item = self._work.get_nowait()
                    except queue.Empty:
                        break
                    if item is not None:
                        item[0].cancel()
            self._work.put(None)
        if wait:
            for t in self._threads:
                t.join()
