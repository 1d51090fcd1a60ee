"""Futures, waiting on them, and the Executor base class: what the thread
and process pool executors share."""

import threading
import time

FIRST_COMPLETED = 'FIRST_COMPLETED'
FIRST_EXCEPTION = 'FIRST_EXCEPTION'
ALL_COMPLETED = 'ALL_COMPLETED'

# A future's life: pending -> running -> finished, or pending -> cancelled.
PENDING = 'PENDING'
RUNNING = 'RUNNING'
CANCELLED = 'CANCELLED'
CANCELLED_AND_NOTIFIED = 'CANCELLED_AND_NOTIFIED'
FINISHED = 'FINISHED'
_DONE = (CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED)
_SHOWN = {PENDING: 'pending', RUNNING: 'running', CANCELLED: 'cancelled',
          CANCELLED_AND_NOTIFIED: 'cancelled', FINISHED: 'finished'}


class Error(Exception):
    """Base class of the futures errors."""


class CancelledError(Error):
    """The future was cancelled."""


TimeoutError = TimeoutError


class InvalidStateError(Error):
    """The future is not in a state that allows this."""


class BrokenExecutor(RuntimeError):
    """The executor cannot run tasks any more."""


def _report_callback_error(future, e):
    import sys
    import _thread
    sys.stderr.write('exception calling callback for %r\n' % (future,))
    sys.stderr.write(_thread._format_exception(e))


class Future:
    """The outcome of a call that runs elsewhere, known later."""

    def __init__(self):
        self._condition = threading.Condition()
        self._state = PENDING
        self._result = None
        self._exception = None
        self._watchers = []      # _Watcher objects of wait()/as_completed()
        self._done_callbacks = []

    def __repr__(self):
        shown = _SHOWN[self._state]
        if self._state != FINISHED:
            return '<Future at %#x state=%s>' % (id(self), shown)
        if self._exception is not None:
            what = 'raised ' + type(self._exception).__name__
        else:
            what = 'returned ' + type(self._result).__name__
        return '<Future at %#x state=%s %s>' % (id(self), shown, what)

    def cancel(self):
        """Cancels the call unless it has started; True if cancelled."""
        with self._condition:
            if self._state in (RUNNING, FINISHED):
                return False
            if self._state == PENDING:
                self._state = CANCELLED
                self._condition.notify_all()
            else:
                return True
        self._run_callbacks()
        return True

    def cancelled(self):
        return self._state in (CANCELLED, CANCELLED_AND_NOTIFIED)

    def running(self):
        return self._state == RUNNING

    def done(self):
        return self._state in _DONE

    def add_done_callback(self, fn):
        """Calls fn(future) once the future is done (at once if it is)."""
        with self._condition:
            if self._state not in _DONE:
                self._done_callbacks.append(fn)
                return
        try:
            fn(self)
        except Exception as e:
            _report_callback_error(self, e)

    def _run_callbacks(self):
        for fn in self._done_callbacks:
            try:
                fn(self)
            except Exception as e:
                _report_callback_error(self, e)

    def _wait(self, timeout):
        with self._condition:
            if self._state not in _DONE:
                self._condition.wait(timeout)
            if self.cancelled():
                raise CancelledError()
            if self._state != FINISHED:
                raise TimeoutError()

    def result(self, timeout=None):
        """The call's value, waiting up to timeout; raises its exception."""
        self._wait(timeout)
        if self._exception is not None:
            raise self._exception
        return self._result

    def exception(self, timeout=None):
        """The call's exception (None if it returned), waiting up to timeout."""
        self._wait(timeout)
        return self._exception

    # ----- for executors

    def set_running_or_notify_cancel(self):
        """Marks the future running; False if it was cancelled."""
        with self._condition:
            if self._state == CANCELLED:
                self._state = CANCELLED_AND_NOTIFIED
                for w in self._watchers:
                    w.arrived(self, False)
                return False
            if self._state != PENDING:
                raise RuntimeError('Future in unexpected state')
            self._state = RUNNING
            return True

    def _finish(self, result, exception):
        with self._condition:
            if self._state in _DONE:
                raise InvalidStateError('%s: %r' % (self._state, self))
            self._result = result
            self._exception = exception
            self._state = FINISHED
            for w in self._watchers:
                w.arrived(self, exception is not None)
            self._condition.notify_all()
        self._run_callbacks()

    def set_result(self, result):
        self._finish(result, None)

    def set_exception(self, exception):
        self._finish(None, exception)


class _Watcher:
    """Gathers the futures that finish, for wait() and as_completed()."""

    def __init__(self, futures, wake_on):
        self.event = threading.Event()
        self.lock = threading.Lock()
        self.arrivals = []
        self.wake_on = wake_on          # 'any', 'failure' or 'all'
        self.left = len(futures)
        self.futures = futures
        for f in futures:
            with f._condition:
                f._watchers.append(self)

    def arrived(self, future, failed):
        with self.lock:
            self.arrivals.append(future)
            self.left -= 1
            if self.wake_on == 'any' or (self.wake_on == 'failure' and failed) \
                    or self.left == 0:
                self.event.set()

    def take(self):
        with self.lock:
            got = self.arrivals
            self.arrivals = []
            self.event.clear()
        return got

    def close(self):
        for f in self.futures:
            with f._condition:
                if self in f._watchers:
                    f._watchers.remove(self)


def as_completed(fs, timeout=None):
    """Yields the futures of fs as they finish or are cancelled."""
    deadline = None if timeout is None else time.monotonic() + timeout
    fs = set(fs)
    total = len(fs)
    pending = set(f for f in fs if f._state not in (CANCELLED_AND_NOTIFIED, FINISHED))
    watcher = _Watcher(pending, 'any')
    try:
        for f in fs - pending:
            yield f
        while pending:
            left = None
            if deadline is not None:
                left = deadline - time.monotonic()
                if left < 0:
                    raise TimeoutError('%d (of %d) futures unfinished'
                                       % (len(pending), total))
            watcher.event.wait(left)
            for f in watcher.take():
                if f in pending:
                    pending.discard(f)
                    yield f
    finally:
        watcher.close()


class DoneAndNotDoneFutures:
    """The (done, not_done) pair wait() returns: unpacks and indexes like
    CPython's named tuple."""

    def __init__(self, done, not_done):
        self.done = done
        self.not_done = not_done

    def __iter__(self):
        return iter((self.done, self.not_done))

    def __len__(self):
        return 2

    def __getitem__(self, i):
        return (self.done, self.not_done)[i]

    def __eq__(self, other):
        return tuple(self) == tuple(other)

    def __repr__(self):
        return f"DoneAndNotDoneFutures(done={self.done!r}, not_done={self.not_done!r})"


def wait(fs, timeout=None, return_when=ALL_COMPLETED):
    """Waits until return_when holds for fs; returns (done, not_done)."""
    fs = set(fs)
    done = set(f for f in fs if f._state in (CANCELLED_AND_NOTIFIED, FINISHED))
    not_done = fs - done
    failed = any(not f.cancelled() and f._exception is not None for f in done)
    if not not_done or (return_when == FIRST_COMPLETED and done) or \
            (return_when == FIRST_EXCEPTION and failed):
        return DoneAndNotDoneFutures(done, not_done)
    wake_on = {FIRST_COMPLETED: 'any', FIRST_EXCEPTION: 'failure'}.get(return_when, 'all')
    watcher = _Watcher(not_done, wake_on)
    watcher.event.wait(timeout)
    watcher.close()
    done.update(watcher.take())
    return DoneAndNotDoneFutures(done, fs - done)


class Executor:
    """Runs calls asynchronously (see ThreadPoolExecutor and
    ProcessPoolExecutor)."""

    def submit(self, fn, *args, **kwargs):
        raise NotImplementedError()

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        """Like map(fn, *iterables), each call run by the executor; the
        results come in order."""
        deadline = None if timeout is None else time.monotonic() + timeout
        futures = [self.submit(fn, *args) for args in zip(*iterables)]

        def results():
            try:
                for i in range(len(futures)):
                    left = None if deadline is None else deadline - time.monotonic()
                    yield futures[i].result(left)
            finally:
                for f in futures:
                    f.cancel()
        return results()

    def shutdown(self, wait=True, *, cancel_futures=False):
        pass

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown(wait=True)
        return False
