"""Threads that contend for mini's global interpreter lock.

Written in mini itself, on top of the native `_thread` module (OS threads
and locks), the way CPython layers threading.py over _thread. Everything
here that waits ends up in a `_thread` lock acquire, which releases the GIL
and can be interrupted by Ctrl-C on the main thread.
"""

import _thread
import sys as _sys
import time as _time

get_ident = _thread.get_ident
get_native_id = _thread.get_native_id
ThreadError = _thread.error
TIMEOUT_MAX = _thread.TIMEOUT_MAX
local = _thread._local
_allocate_lock = _thread.allocate_lock
Lock = _thread.allocate_lock
RLock = _thread.RLock

# Thread objects by ident, and threads started but not running yet.
_active = {}
_limbo = {}
_registry_lock = _thread.allocate_lock()
_name_counter = 0


def _new_name(template="Thread-%d"):
    global _name_counter
    _name_counter += 1
    return template % _name_counter


class Condition:
    """Waiting for a state change announced by another thread.

    Each waiter blocks on a private lock of its own; `notify` releases the
    private locks of the threads it wakes.
    """

    def __init__(self, lock=None):
        if lock is None:
            lock = RLock()
        self._lock = lock
        self.acquire = lock.acquire
        self.release = lock.release
        if hasattr(lock, "_release_save"):
            self._release_save = lock._release_save
            self._acquire_restore = lock._acquire_restore
            self._is_owned = lock._is_owned
        self._waiters = []

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *exc):
        return self._lock.__exit__(*exc)

    def __repr__(self):
        return "<Condition(%s, %d)>" % (self._lock, len(self._waiters))

    def _release_save(self):
        self._lock.release()

    def _acquire_restore(self, state):
        self._lock.acquire()

    def _is_owned(self):
        if self._lock.acquire(False):
            self._lock.release()
            return False
        return True

    def wait(self, timeout=None):
        if not self._is_owned():
            raise RuntimeError("cannot wait on un-acquired lock")
        waiter = _allocate_lock()
        waiter.acquire()
        self._waiters.append(waiter)
        saved = self._release_save()
        woken = False
        try:
            if timeout is None:
                woken = waiter.acquire()
            elif timeout > 0:
                woken = waiter.acquire(True, timeout)
            else:
                woken = waiter.acquire(False)
            return woken
        finally:
            self._acquire_restore(saved)
            if not woken and waiter in self._waiters:
                self._waiters.remove(waiter)

    def wait_for(self, predicate, timeout=None):
        deadline = None
        result = predicate()
        while not result:
            remaining = timeout
            if timeout is not None:
                if deadline is None:
                    deadline = _time.monotonic() + timeout
                remaining = deadline - _time.monotonic()
                if remaining <= 0:
                    break
            self.wait(remaining)
            result = predicate()
        return result

    def notify(self, n=1):
        if not self._is_owned():
            raise RuntimeError("cannot notify on un-acquired lock")
        while self._waiters and n > 0:
            waiter = self._waiters.pop(0)
            try:
                waiter.release()
                n -= 1
            except RuntimeError:
                # Its wait already timed out.
                pass

    def notify_all(self):
        self.notify(len(self._waiters))

    notifyAll = notify_all


class Semaphore:
    """A counter that `acquire` decrements, waiting while it is zero."""

    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._cond = Condition(Lock())
        self._value = value

    def __repr__(self):
        return "<%s.%s at %s: value=%d>" % (
            self.__class__.__module__, self.__class__.__qualname__, hex(id(self)), self._value)

    def acquire(self, blocking=True, timeout=None):
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        deadline = None
        with self._cond:
            while self._value == 0:
                if not blocking:
                    return False
                remaining = None
                if timeout is not None:
                    if deadline is None:
                        deadline = _time.monotonic() + timeout
                    remaining = deadline - _time.monotonic()
                    if remaining <= 0:
                        return False
                self._cond.wait(remaining)
            self._value -= 1
            return True

    __enter__ = acquire

    def release(self, n=1):
        if n < 1:
            raise ValueError("n must be one or more")
        with self._cond:
            self._value += n
            self._cond.notify(n)

    def __exit__(self, t, v, tb):
        self.release()


class BoundedSemaphore(Semaphore):
    """A semaphore that refuses to be released above its initial value."""

    def __init__(self, value=1):
        super().__init__(value)
        self._initial_value = value

    def __repr__(self):
        return "<%s.%s at %s: value=%d/%d>" % (
            self.__class__.__module__, self.__class__.__qualname__, hex(id(self)),
            self._value, self._initial_value)

    def release(self, n=1):
        if n < 1:
            raise ValueError("n must be one or more")
        with self._cond:
            if self._value + n > self._initial_value:
                raise ValueError("Semaphore released too many times")
            self._value += n
            self._cond.notify(n)


class Event:
    """A flag threads can wait for."""

    def __init__(self):
        self._cond = Condition(Lock())
        self._flag = False

    def __repr__(self):
        state = "set" if self._flag else "unset"
        return "<%s.%s at %s: %s>" % (
            self.__class__.__module__, self.__class__.__qualname__, hex(id(self)), state)

    def is_set(self):
        return self._flag

    isSet = is_set

    def set(self):
        with self._cond:
            self._flag = True
            self._cond.notify_all()

    def clear(self):
        with self._cond:
            self._flag = False

    def wait(self, timeout=None):
        with self._cond:
            if self._flag:
                return True
            return self._cond.wait(timeout)


class BrokenBarrierError(RuntimeError):
    pass


class Barrier:
    """Lets `parties` threads wait until all of them have arrived.

    A barrier cycles through filling (threads arriving), draining (threads
    leaving after the last one arrived) and back; it can also be broken
    (by a timeout, `abort`, or a failing action) or resetting.
    """

    _FILLING, _DRAINING, _RESETTING, _BROKEN = 0, 1, -1, -2

    def __init__(self, parties, action=None, timeout=None):
        # As in 3.11, `parties` is not checked (Barrier(0) is allowed;
        # waiting on it is then an error of its own).
        self._cond = Condition(Lock())
        self._action = action
        self._timeout = timeout
        self._parties = parties
        self._state = Barrier._FILLING
        self._count = 0

    def __repr__(self):
        if self.broken:
            return "<%s.%s at %s: broken>" % (
                self.__class__.__module__, self.__class__.__qualname__, hex(id(self)))
        return "<%s.%s at %s: waiters=%d/%d>" % (
            self.__class__.__module__, self.__class__.__qualname__, hex(id(self)),
            self.n_waiting, self.parties)

    def wait(self, timeout=None):
        if timeout is None:
            timeout = self._timeout
        with self._cond:
            # Wait for the previous cycle to finish draining or resetting.
            while self._state in (Barrier._DRAINING, Barrier._RESETTING):
                self._cond.wait()
            if self._state == Barrier._BROKEN:
                raise BrokenBarrierError
            index = self._count
            self._count += 1
            try:
                if self._count == self._parties:
                    self._trip()
                else:
                    self._wait_for_trip(timeout)
                return index
            finally:
                self._count -= 1
                if self._count == 0 and self._state in (Barrier._DRAINING, Barrier._RESETTING):
                    self._state = Barrier._FILLING
                    self._cond.notify_all()

    def _trip(self):
        try:
            if self._action is not None:
                self._action()
            self._state = Barrier._DRAINING
            self._cond.notify_all()
        except BaseException:
            self._break()
            raise

    def _wait_for_trip(self, timeout):
        if not self._cond.wait_for(lambda: self._state != Barrier._FILLING, timeout):
            self._break()
            raise BrokenBarrierError
        if self._state != Barrier._DRAINING:
            raise BrokenBarrierError

    def reset(self):
        with self._cond:
            if self._count > 0:
                if self._state in (Barrier._FILLING, Barrier._BROKEN):
                    self._state = Barrier._RESETTING
            else:
                self._state = Barrier._FILLING
            self._cond.notify_all()

    def abort(self):
        with self._cond:
            self._break()

    def _break(self):
        self._state = Barrier._BROKEN
        self._cond.notify_all()

    @property
    def parties(self):
        return self._parties

    @property
    def n_waiting(self):
        if self._state == Barrier._FILLING:
            return self._count
        return 0

    @property
    def broken(self):
        return self._state == Barrier._BROKEN


class ExceptHookArgs:
    def __init__(self, exc_type, exc_value, exc_traceback, thread):
        self.exc_type = exc_type
        self.exc_value = exc_value
        self.exc_traceback = exc_traceback
        self.thread = thread


def excepthook(args):
    """Prints an exception that escaped a thread's `run`, as CPython does."""
    if args.exc_type is SystemExit:
        return
    if args.thread is not None:
        name = args.thread.name
    else:
        name = get_ident()
    text = "Exception in thread %s:\n" % name + _thread._format_exception(args.exc_value)
    stderr = _sys.stderr
    if stderr is not None:
        stderr.write(text)
        stderr.flush()


__excepthook__ = excepthook


class Thread:
    """A thread of control: `start()` runs `run()` in a new OS thread."""

    _initialized = False

    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, *, daemon=None):
        if group is not None:
            raise AssertionError("group argument must be None for now")
        if kwargs is None:
            kwargs = {}
        if name:
            name = str(name)
        else:
            name = _new_name()
            if target is not None and hasattr(target, "__name__"):
                name += " (%s)" % target.__name__
        self._target = target
        self._name = name
        self._args = args
        self._kwargs = kwargs
        if daemon is not None:
            self._daemonic = daemon
        else:
            self._daemonic = current_thread().daemon
        self._ident = None
        self._native_id = None
        self._handle = None
        self._started = Event()
        self._is_stopped = False
        self._initialized = True

    def __repr__(self):
        status = "initial"
        if self._started.is_set():
            status = "started"
        if self._is_stopped:
            status = "stopped"
        if self._daemonic:
            status += " daemon"
        if self._ident is not None:
            status += " %s" % self._ident
        return "<%s(%s, %s)>" % (self.__class__.__name__, self._name, status)

    def start(self):
        if not self._initialized:
            raise RuntimeError("thread.__init__() not called")
        if self._started.is_set():
            raise RuntimeError("threads can only be started once")
        with _registry_lock:
            _limbo[self] = self
        try:
            self._handle = _thread.start_joinable_thread(self._bootstrap, (), None, self._name)
        except Exception:
            with _registry_lock:
                del _limbo[self]
            raise
        self._started.wait()

    def run(self):
        try:
            if self._target is not None:
                self._target(*self._args, **self._kwargs)
        finally:
            # Do not keep the target and its arguments alive.
            del self._target, self._args, self._kwargs

    def _bootstrap(self):
        self._ident = get_ident()
        self._native_id = get_native_id()
        _thread._set_name(self._name)
        with _registry_lock:
            _active[self._ident] = self
            del _limbo[self]
        self._started.set()
        try:
            self.run()
        except BaseException as e:
            excepthook(ExceptHookArgs(type(e), e, e.__traceback__, self))
        finally:
            self._is_stopped = True
            with _registry_lock:
                _active.pop(self._ident, None)

    def join(self, timeout=None):
        if not self._initialized:
            raise RuntimeError("Thread.__init__() not called")
        if not self._started.is_set():
            raise RuntimeError("cannot join thread before it is started")
        if self is current_thread():
            raise RuntimeError("cannot join current thread")
        if self._handle is None:
            return
        if timeout is not None and timeout < 0:
            timeout = 0
        self._handle.join(timeout)

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, name):
        self._name = str(name)

    @property
    def ident(self):
        return self._ident

    @property
    def native_id(self):
        return self._native_id

    def is_alive(self):
        if not self._started.is_set() or self._is_stopped:
            return False
        if self._handle is None:
            return True
        return not self._handle.is_done()

    @property
    def daemon(self):
        return self._daemonic

    @daemon.setter
    def daemon(self, daemonic):
        if not self._initialized:
            raise RuntimeError("Thread.__init__() not called")
        if self._started.is_set():
            raise RuntimeError("cannot set daemon status of active thread")
        self._daemonic = daemonic

    def isDaemon(self):
        return self.daemon

    def setDaemon(self, daemonic):
        self.daemon = daemonic

    def getName(self):
        return self.name

    def setName(self, name):
        self.name = name


class Timer(Thread):
    """Calls `function(*args, **kwargs)` after `interval` seconds, unless cancelled."""

    def __init__(self, interval, function, args=None, kwargs=None):
        Thread.__init__(self)
        self.interval = interval
        self.function = function
        self.args = args if args is not None else []
        self.kwargs = kwargs if kwargs is not None else {}
        self.finished = Event()

    def cancel(self):
        self.finished.set()

    def run(self):
        self.finished.wait(self.interval)
        if not self.finished.is_set():
            self.function(*self.args, **self.kwargs)
        self.finished.set()


class _MainThread(Thread):
    def __init__(self):
        Thread.__init__(self, name="MainThread", daemon=False)
        self._started.set()
        self._ident = get_ident()
        self._native_id = get_native_id()
        _thread._set_name("MainThread")
        _active[self._ident] = self


class _DummyThread(Thread):
    """Stands for a thread not started by this module (e.g. `_thread`)."""

    def __init__(self):
        Thread.__init__(self, name=_new_name("Dummy-%d"), daemon=True)
        self._started.set()
        self._ident = get_ident()
        self._native_id = get_native_id()
        with _registry_lock:
            _active[self._ident] = self

    def join(self, timeout=None):
        raise AssertionError("cannot join a dummy thread")


def current_thread():
    thread = _active.get(get_ident())
    if thread is None:
        return _DummyThread()
    return thread


currentThread = current_thread


def main_thread():
    return _main_thread


def active_count():
    with _registry_lock:
        return len(_active) + len(_limbo)


activeCount = active_count


def enumerate():
    with _registry_lock:
        return list(_active.values()) + list(_limbo.values())


def settrace(func):
    pass


def setprofile(func):
    pass


def stack_size(size=0):
    return 0


def _shutdown():
    """At interpreter exit: wait for every thread that is not a daemon."""
    _main_thread._is_stopped = True
    while True:
        with _registry_lock:
            waiting = [t for t in list(_active.values()) + list(_limbo.values())
                       if not t.daemon and t is not _main_thread and t.is_alive()]
        if not waiting:
            return
        for t in waiting:
            t.join()


_main_thread = _MainThread()
