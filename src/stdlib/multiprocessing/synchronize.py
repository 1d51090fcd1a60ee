"""Locks, semaphores, conditions, events and barriers that work across
processes. Their state lives in shared memory (see _multiprocessing's
SemLock, SharedEvent and CondQueue), so a child that receives one as a
Process argument shares it with its parent."""

import threading
import _multiprocessing as _mp
from multiprocessing.process import current_process

__all__ = ['Lock', 'RLock', 'Semaphore', 'BoundedSemaphore', 'Condition',
           'Event', 'Barrier']

RECURSIVE_MUTEX = _mp.RECURSIVE_MUTEX
SEMAPHORE = _mp.SEMAPHORE
SEM_VALUE_MAX = 2147483647


class SemLock:
    """Shared base: acquire/release on a native semaphore."""

    def __init__(self, kind, value, maxvalue):
        self._semlock = _mp.SemLock(kind, value, maxvalue)
        self.acquire = self._semlock.acquire
        self.release = self._semlock.release

    def __enter__(self):
        return self._semlock.acquire()

    def __exit__(self, *args):
        return self._semlock.release()

    def __getstate__(self):
        return self._semlock

    def __setstate__(self, semlock):
        self._semlock = semlock
        self.acquire = semlock.acquire
        self.release = semlock.release

    def __reduce__(self):
        return (_rebuild, (type(self), self._semlock))


def _rebuild(cls, semlock):
    obj = cls.__new__(cls)
    obj.__setstate__(semlock)
    return obj


class Semaphore(SemLock):
    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        SemLock.__init__(self, SEMAPHORE, value, SEM_VALUE_MAX)

    def get_value(self):
        return self._semlock._get_value()

    def __repr__(self):
        return '<%s(value=%s)>' % (type(self).__name__, self._semlock._get_value())


class BoundedSemaphore(Semaphore):
    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        SemLock.__init__(self, SEMAPHORE, value, value)

    def __repr__(self):
        return '<%s(value=%s, maxvalue=%s)>' % (
            type(self).__name__, self._semlock._get_value(), self._semlock.maxvalue)


def _owner_name(semlock):
    """Who holds a lock, as CPython's reprs say it."""
    owner = semlock._owner()
    if owner is None:
        return None
    if semlock._is_mine():
        name = current_process().name
        if threading.current_thread().name != 'MainThread':
            name += '|' + threading.current_thread().name
        return name
    if owner[0] == _mp._pids()[0]:
        return 'SomeOtherThread'
    return 'SomeOtherProcess'


class Lock(SemLock):
    def __init__(self):
        SemLock.__init__(self, SEMAPHORE, 1, 1)

    def __repr__(self):
        if self._semlock._get_value() == 1:
            name = None
        else:
            name = _owner_name(self._semlock)
        return '<%s(owner=%s)>' % (type(self).__name__, name)


class RLock(SemLock):
    def __init__(self):
        SemLock.__init__(self, RECURSIVE_MUTEX, 1, 1)

    def __repr__(self):
        name = _owner_name(self._semlock)
        count = self._semlock._count() if self._semlock._is_mine() else (
            0 if name is None else 'unknown')
        return '<%s(%s, %s)>' % (type(self).__name__, name, count)


class Condition:
    """A condition variable whose waiters may be in several processes."""

    def __init__(self, lock=None):
        self._lock = lock or RLock()
        self._queue = _mp.CondQueue()
        self.acquire = self._lock.acquire
        self.release = self._lock.release

    def __reduce__(self):
        return (_rebuild_condition, (self._lock, self._queue))

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def __repr__(self):
        return '<%s(%s, %s)>' % (type(self).__name__, self._lock, 0)

    def wait(self, timeout=None):
        assert self._lock._semlock._is_mine(), \
            'must acquire() condition before using wait()'
        ticket = self._queue.register()
        count = self._lock._semlock._release_all()
        try:
            return self._queue.wait(ticket, timeout)
        finally:
            self._lock._semlock._acquire_restore(count)

    def notify(self, n=1):
        assert self._lock._semlock._is_mine(), 'lock is not owned'
        self._queue.notify(n)

    def notify_all(self):
        self.notify(SEM_VALUE_MAX)

    def wait_for(self, predicate, timeout=None):
        result = predicate()
        if result:
            return result
        if timeout is not None:
            import time
            endtime = time.monotonic() + timeout
        else:
            endtime = None
            waittime = None
        while not result:
            if endtime is not None:
                waittime = endtime - time.monotonic()
                if waittime <= 0:
                    break
            self.wait(waittime)
            result = predicate()
        return result


def _rebuild_condition(lock, queue):
    c = Condition.__new__(Condition)
    c._lock = lock
    c._queue = queue
    c.acquire = lock.acquire
    c.release = lock.release
    return c


class Event:
    """A flag that processes can wait for."""

    def __init__(self):
        self._event = _mp.SharedEvent()

    def __reduce__(self):
        return (_rebuild_event, (self._event,))

    def is_set(self):
        return self._event.is_set()

    def set(self):
        self._event.set()

    def clear(self):
        self._event.clear()

    def wait(self, timeout=None):
        return self._event.wait(timeout)


def _rebuild_event(event):
    e = Event.__new__(Event)
    e._event = event
    return e


class Barrier:
    """`parties` processes (or threads) wait until all have arrived."""

    def __init__(self, parties, action=None, timeout=None):
        if parties < 1:
            raise ValueError("parties must be > 0")
        self._parties = parties
        self._action = action
        self._timeout = timeout
        self._cond = Condition(Lock())
        self._state = _mp.SharedArray('q', 3)   # state, count, generation

    def __reduce__(self):
        return (_rebuild_barrier, (self._parties, self._action, self._timeout,
                                   self._cond, self._state))

    def wait(self, timeout=None):
        if timeout is None:
            timeout = self._timeout
        with self._cond:
            if self._state[0] == 1:          # broken
                raise threading.BrokenBarrierError
            index = self._state[1]
            generation = self._state[2]
            self._state[1] = index + 1
            if index + 1 == self._parties:
                try:
                    if self._action:
                        self._action()
                except BaseException:
                    self._state[0] = 1
                    self._cond.notify_all()
                    raise
                self._state[1] = 0
                self._state[2] = generation + 1
                self._cond.notify_all()
                return index
            ok = self._cond.wait_for(
                lambda: self._state[2] != generation or self._state[0] == 1,
                timeout)
            if self._state[0] == 1 or not ok:
                if not ok:
                    self._state[0] = 1
                    self._cond.notify_all()
                raise threading.BrokenBarrierError
            return index

    def reset(self):
        with self._cond:
            self._state[0] = 0
            self._state[1] = 0
            self._state[2] = self._state[2] + 1
            self._cond.notify_all()

    def abort(self):
        with self._cond:
            self._state[0] = 1
            self._cond.notify_all()

    @property
    def parties(self):
        return self._parties

    @property
    def n_waiting(self):
        return self._state[1]

    @property
    def broken(self):
        return self._state[0] == 1


def _rebuild_barrier(parties, action, timeout, cond, state):
    b = Barrier.__new__(Barrier)
    b._parties = parties
    b._action = action
    b._timeout = timeout
    b._cond = cond
    b._state = state
    return b
