"""Pools of worker processes.

Each worker is a child process with a Pipe of its own. A manager thread in
the parent hands tasks to idle workers, one chunk at a time, and waits on
every worker's pipe and process sentinel at once (connection.wait). So it
always knows which task each worker holds: when a worker dies in the
middle of a task (killed, crashed), that task's result raises
WorkerLostError in the parent and a new worker takes the dead one's place.
CPython's Pool hangs forever in that case (bpo-22393).

A task travels as (job, i, payload) and its result as (job, i, payload),
the payload serialized on its own: the task in the thread that submits it
(so a value that cannot be sent fails that task's result at once), the
result in the worker. A payload that cannot be rebuilt on the other side
(a function the worker cannot find, an object whose __setstate__ fails)
fails only its own task, with that error; the worker and the pool go on.
A ThreadPool hands tasks and results to its threads as they are, shared,
not copied (_Handoff).
"""

import os
import sys
import threading
import _thread
import _multiprocessing as _mp
from multiprocessing.process import Process
from multiprocessing.context import TimeoutError, ProcessError
from multiprocessing.connection import Pipe, wait

__all__ = ['Pool', 'ThreadPool', 'AsyncResult', 'ApplyResult', 'MapResult',
           'IMapIterator', 'WorkerLostError', 'MaybeEncodingError',
           'RemoteTraceback']

RUN = 0
CLOSE = 1
TERMINATE = 2


class WorkerLostError(ProcessError):
    """A worker process ended while it was running a task."""


class RemoteTraceback(Exception):
    """The worker's traceback, chained as the __cause__ of its exception."""

    def __init__(self, tb):
        self.tb = tb

    def __str__(self):
        return self.tb


class MaybeEncodingError(Exception):
    """A worker's result could not be sent back."""

    def __init__(self, exc, value):
        self.exc = repr(exc)
        self.value = repr(value)
        super().__init__(self.exc, self.value)

    def __str__(self):
        return "Error sending result: '%s'. Reason: '%s'" % (self.value, self.exc)

    def __repr__(self):
        return "<%s: %s>" % (self.__class__.__name__, self)


def mapstar(args):
    return list(map(*args))


def starmapstar(args):
    return [args[0](*a) for a in args[1]]


def _worker(conn, initializer, initargs, maxtasks, handoff=None):
    """A worker's life: take tasks from the parent until told to stop.
    `handoff` replaces serialization in a ThreadPool's worker threads."""
    dumps, loads = (_mp.dumps, _mp.loads) if handoff is None else \
        (handoff.dumps, handoff.loads)
    if initializer is not None:
        initializer(*initargs)
    completed = 0
    while maxtasks is None or completed < maxtasks:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        job, i, payload = task
        try:
            func, args, kwds = loads(payload)
            result = (True, func(*args, **kwds))
        except Exception as e:
            result = (False, (e, _thread._format_exception(e)))
        try:
            data = dumps(result)
        except Exception as e:
            wrapped = MaybeEncodingError(e, result[1])
            data = dumps((False, (wrapped, '')))
        conn.send((job, i, data))
        completed += 1


class _Worker:
    """The parent's view of one worker."""

    def __init__(self, pool):
        parent_end, child_end = Pipe()
        self.conn = parent_end
        self.task = None
        pool._spawned += 1
        self.process = pool._make_process(child_end, pool._spawned)
        self.process.start()
        if isinstance(self.process, Process):
            child_end.close()   # the child has its own copy
        self.sentinel = self.process.sentinel


class Pool:
    """A pool of worker processes that run tasks in parallel."""

    _wrap_exception = True

    def __init__(self, processes=None, initializer=None, initargs=(),
                 maxtasksperchild=None, context=None):
        if processes is None:
            processes = os.cpu_count() or 1
        if processes < 1:
            raise ValueError("Number of processes must be at least 1")
        if maxtasksperchild is not None:
            if not isinstance(maxtasksperchild, int) or maxtasksperchild <= 0:
                raise ValueError("maxtasksperchild must be a positive int or None")
        if initializer is not None and not callable(initializer):
            raise TypeError('initializer must be a callable')
        self._processes = processes
        self._initializer = initializer
        self._initargs = initargs
        self._maxtasksperchild = maxtasksperchild
        self._state = RUN
        self._lock = threading.Lock()
        self._pending = []
        self._jobs = {}
        self._job_counter = 0
        self._spawned = 0
        self._on_worker_lost = None
        self._wake_r, self._wake_w = Pipe(duplex=False)
        self._pool = [_Worker(self) for _ in range(processes)]
        self._manager = threading.Thread(target=self._manage, daemon=True,
                                         name='PoolManager')
        self._manager.start()

    def _make_process(self, conn, n):
        p = Process(target=_worker, name='SpawnPoolWorker-%d' % n,
                    args=(conn, self._initializer, self._initargs,
                          self._maxtasksperchild))
        p.daemon = True
        p._config['ignore_sigint'] = True
        return p

    # ----- submitting work (any thread)

    def _dumps(self, obj):
        return _mp.dumps(obj)

    def _loads(self, data):
        return _mp.loads(data)

    def _check_running(self):
        if self._state != RUN:
            raise ValueError("Pool not running")

    def _new_job(self, result):
        with self._lock:
            self._job_counter += 1
            job = self._job_counter
            self._jobs[job] = result
        return job

    def _submit(self, tasks):
        """Queues (job, i, func, args, kwds) tasks, serialized here, in the
        caller's thread; a task that cannot be sent fails its result."""
        ready = []
        for job, i, func, args, kwds in tasks:
            try:
                ready.append((job, i, self._dumps((func, args, kwds))))
            except Exception as e:
                self._deliver(job, i, (False, (e, '')))
        if ready:
            with self._lock:
                self._pending.extend(ready)
            self._wake()

    def _wake(self):
        try:
            self._wake_w.send_bytes(b'')
        except OSError:
            pass

    def apply(self, func, args=(), kwds={}):
        """func(*args, **kwds) in a worker; waits for the result."""
        return self.apply_async(func, args, kwds).get()

    def apply_async(self, func, args=(), kwds={}, callback=None,
                    error_callback=None):
        """func(*args, **kwds) in a worker; returns an AsyncResult."""
        self._check_running()
        result = ApplyResult(self, callback, error_callback)
        result._job = self._new_job(result)
        self._submit([(result._job, 0, func, tuple(args), dict(kwds))])
        return result

    def map(self, func, iterable, chunksize=None):
        """[func(x) for x in iterable], computed by the workers."""
        return self._map_async(func, iterable, mapstar, chunksize).get()

    def starmap(self, func, iterable, chunksize=None):
        """[func(*args) for args in iterable], computed by the workers."""
        return self._map_async(func, iterable, starmapstar, chunksize).get()

    def map_async(self, func, iterable, chunksize=None, callback=None,
                  error_callback=None):
        return self._map_async(func, iterable, mapstar, chunksize, callback,
                               error_callback)

    def starmap_async(self, func, iterable, chunksize=None, callback=None,
                      error_callback=None):
        return self._map_async(func, iterable, starmapstar, chunksize,
                               callback, error_callback)

    def _map_async(self, func, iterable, mapper, chunksize=None, callback=None,
                   error_callback=None):
        self._check_running()
        items = list(iterable)
        if chunksize is None:
            chunksize, extra = divmod(len(items), len(self._pool) * 4)
            if extra:
                chunksize += 1
        if len(items) == 0:
            chunksize = 0
        chunks = _chunks(items, chunksize)
        result = MapResult(self, len(items), len(chunks), callback, error_callback)
        result._job = self._new_job(result)
        self._submit([(result._job, i, mapper, ((func, chunk),), {})
                      for i, chunk in enumerate(chunks)])
        if not chunks:
            result._finish()
        return result

    def imap(self, func, iterable, chunksize=1):
        """Like map, but an iterator that yields results in order as soon
        as they are ready."""
        return self._imap(func, iterable, chunksize, True)

    def imap_unordered(self, func, iterable, chunksize=1):
        """Like imap, in the order the results come in."""
        return self._imap(func, iterable, chunksize, False)

    def _imap(self, func, iterable, chunksize, ordered):
        self._check_running()
        if chunksize < 1:
            raise ValueError("Chunksize must be 1+, not {0:n}".format(chunksize))
        chunks = _chunks(list(iterable), chunksize)
        it = IMapIterator(self, len(chunks), ordered)
        it._job = self._new_job(it)
        self._submit([(it._job, i, mapstar, ((func, chunk),), {})
                      for i, chunk in enumerate(chunks)])
        return it

    # ----- the manager thread

    def _manage(self):
        try:
            self._run_manager()
        except BaseException as e:
            sys.stderr.write("Exception in pool manager:\n" + _thread._format_exception(e))
            self._fail_all(e)

    def _run_manager(self):
        while True:
            self._assign()
            if self._state == TERMINATE:
                break
            if self._state == CLOSE and not self._pending and \
                    not any(w.task for w in self._pool):
                break
            waiting = [self._wake_r]
            for w in self._pool:
                waiting.append(w.conn)
                waiting.append(w.sentinel)
            ready = wait(waiting)
            if self._wake_r in ready:
                while self._wake_r.poll():
                    self._wake_r.recv_bytes()
            for w in list(self._pool):
                if w.conn in ready:
                    self._collect(w)
            for w in list(self._pool):
                if w.sentinel in ready:
                    self._worker_ended(w)
        self._shutdown_workers()

    def _assign(self):
        for w in self._pool:
            if w.task is not None:
                continue
            with self._lock:
                if not self._pending:
                    return
                task = self._pending.pop(0)
            w.task = task
            try:
                w.conn.send(task)
            except Exception as e:
                w.task = None
                self._deliver(task[0], task[1], (False, (e, '')))

    def _collect(self, w):
        """Results a worker sent (there may be several in the pipe)."""
        while True:
            try:
                if not w.conn.poll():
                    return
                job, i, data = w.conn.recv()
            except (EOFError, OSError):
                return
            w.task = None
            try:
                result = self._loads(data)
            except Exception as e:
                result = (False, (e, ''))
            self._deliver(job, i, result)

    def _worker_ended(self, w):
        """A worker exited: the normal end of maxtasksperchild, or a death
        in the middle of a task."""
        self._collect(w)
        self._pool.remove(w)
        code = w.process.exitcode
        w.process.join()
        w.conn.close()
        if w.task is not None:
            job, i = w.task[0], w.task[1]
            w.task = None
            err = WorkerLostError(
                "worker process %d (%s) ended with exit code %s while running a task"
                % (w.process.pid, w.process.name, code))
            if self._on_worker_lost is not None:
                self._on_worker_lost(err)
            self._deliver(job, i, (False, (err, '')))
        if self._state != TERMINATE:
            self._pool.append(_Worker(self))

    def _deliver(self, job, i, result):
        with self._lock:
            r = self._jobs.get(job)
        if r is None:
            return
        ok, value = result
        if not ok:
            exc, tb = value
            if tb and self._wrap_exception:
                exc.__cause__ = RemoteTraceback('\n"""\n' + tb + '"""')
            value = exc
        if r._set(i, (ok, value)):
            with self._lock:
                self._jobs.pop(job, None)

    def _fail_all(self, err):
        with self._lock:
            jobs = list(self._jobs.items())
            self._jobs.clear()
            self._pending = []
        for job, r in jobs:
            r._fail(err)

    def _shutdown_workers(self):
        if self._state == TERMINATE:
            for w in self._pool:
                w.process.terminate()
                if not isinstance(w.process, Process):
                    # A thread cannot be killed: it stops after its task.
                    try:
                        w.conn.send(None)
                    except OSError:
                        pass
            self._fail_all(ValueError("Pool was terminated before the task finished"))
        else:
            for w in self._pool:
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in self._pool:
            w.process.join()
            w.conn.close()

    # ----- ending

    def close(self):
        """No more tasks; the workers exit once the queued ones are done."""
        if self._state == RUN:
            self._state = CLOSE
            self._wake()

    def terminate(self):
        """Stop the workers now; unfinished tasks fail."""
        self._state = TERMINATE
        self._wake()
        if self._manager is not threading.current_thread():
            self._manager.join()

    def join(self):
        """Wait for the workers to exit (after close() or terminate())."""
        if self._state == RUN:
            raise ValueError("Pool is still running")
        self._manager.join()

    def __enter__(self):
        self._check_running()
        return self

    def __exit__(self, *exc):
        self.terminate()

    def __repr__(self):
        state = ['RUN', 'CLOSE', 'TERMINATE'][self._state]
        return '<%s.%s state=%s pool_size=%d>' % (
            type(self).__module__, type(self).__qualname__, state, len(self._pool))


def _chunks(items, size):
    if size <= 0:
        return []
    return [items[i:i + size] for i in range(0, len(items), size)]


class ApplyResult:
    """The result of an asynchronous call, available later."""

    def __init__(self, pool, callback, error_callback):
        self._pool = pool
        self._event = threading.Event()
        self._callback = callback
        self._error_callback = error_callback
        self._job = None
        self._value = None
        self._success = None

    def ready(self):
        return self._event.is_set()

    def successful(self):
        if not self.ready():
            raise ValueError("{0!r} not ready".format(self))
        return self._success

    def wait(self, timeout=None):
        self._event.wait(timeout)

    def get(self, timeout=None):
        """The result; re-raises the worker's exception."""
        self.wait(timeout)
        if not self.ready():
            raise TimeoutError
        if self._success:
            return self._value
        raise self._value

    def _set(self, i, result):
        self._success, self._value = result
        self._run_callbacks()
        self._event.set()
        return True

    def _fail(self, err):
        self._set(0, (False, err))

    def _run_callbacks(self):
        try:
            if self._success and self._callback:
                self._callback(self._value)
            if not self._success and self._error_callback:
                self._error_callback(self._value)
        except Exception as e:
            sys.stderr.write("Exception in pool callback:\n" + _thread._format_exception(e))


AsyncResult = ApplyResult


class MapResult(ApplyResult):
    def __init__(self, pool, length, nchunks, callback, error_callback):
        ApplyResult.__init__(self, pool, callback, error_callback)
        self._parts = [None] * nchunks
        self._left = nchunks
        self._error = None

    def _finish(self):
        if self._error is not None:
            self._success, self._value = False, self._error
        else:
            out = []
            for part in self._parts:
                out.extend(part)
            self._success, self._value = True, out
        self._run_callbacks()
        self._event.set()

    def _set(self, i, result):
        ok, value = result
        if ok:
            self._parts[i] = value
        elif self._error is None:
            self._error = value
        self._left -= 1
        if self._left == 0:
            self._finish()
            return True
        return False

    def _fail(self, err):
        if self._error is None:
            self._error = err
        self._left = 0
        self._finish()


class IMapIterator:
    """Results of imap/imap_unordered, as they come."""

    def __init__(self, pool, nchunks, ordered):
        self._pool = pool
        self._cond = threading.Condition(threading.Lock())
        self._ordered = ordered
        self._parts = {}
        self._arrived = []
        self._next_chunk = 0
        self._left = nchunks
        self._buffer = []
        self._job = None

    def __iter__(self):
        return self

    def next(self, timeout=None):
        with self._cond:
            while not self._buffer:
                if self._ordered and self._next_chunk in self._parts:
                    self._buffer = list(self._take(self._parts.pop(self._next_chunk)))
                    self._next_chunk += 1
                    continue
                if not self._ordered and self._arrived:
                    self._buffer = list(self._take(self._arrived.pop(0)))
                    continue
                if self._left == 0 and not self._parts and not self._arrived:
                    raise StopIteration
                if not self._cond.wait(timeout):
                    raise TimeoutError
            return self._buffer.pop(0)

    __next__ = next

    def _take(self, part):
        ok, value = part
        if not ok:
            raise value
        return value

    def _set(self, i, result):
        with self._cond:
            if self._ordered:
                self._parts[i] = result
            else:
                self._arrived.append(result)
            self._left -= 1
            self._cond.notify()
            return self._left == 0

    def _fail(self, err):
        with self._cond:
            self._arrived.append((False, err))
            self._parts[self._next_chunk] = (False, err)
            self._left = 0
            self._cond.notify_all()


class _Handoff:
    """What a ThreadPool uses instead of serialization: its workers are
    threads of this process, so tasks and results are handed over as they
    are (shared, not copied, as in CPython), through a table; only the
    table's keys go through the pipes."""

    def __init__(self):
        self._lock = threading.Lock()
        self._items = {}
        self._count = 0

    def dumps(self, obj):
        with self._lock:
            self._count += 1
            key = self._count
            self._items[key] = obj
        return key

    def loads(self, key):
        with self._lock:
            return self._items.pop(key)


class ThreadPool(Pool):
    """The Pool API on threads of this process (shares its GIL)."""

    # The exception is the worker's own object, its traceback and
    # __cause__ intact.
    _wrap_exception = False

    def __init__(self, processes=None, initializer=None, initargs=()):
        self._handoff = _Handoff()
        Pool.__init__(self, processes, initializer, initargs)

    def _dumps(self, obj):
        return self._handoff.dumps(obj)

    def _loads(self, key):
        return self._handoff.loads(key)

    def _make_process(self, conn, n):
        return _ThreadWorker(conn, self._initializer, self._initargs,
                             self._maxtasksperchild, n, self._handoff)


class _ThreadWorker:
    """A worker thread that looks like a worker process to the pool."""

    def __init__(self, conn, initializer, initargs, maxtasks, n, handoff):
        self._done_r, self._done_w = Pipe(duplex=False)
        self._thread = threading.Thread(
            target=self._run, daemon=True, name='Thread-%d (worker)' % n,
            args=(conn, initializer, initargs, maxtasks, handoff))
        self.name = self._thread.name
        self.pid = os.getpid()
        self.exitcode = None

    def _run(self, *args):
        try:
            _worker(*args)
        finally:
            self._done_w.close()

    def start(self):
        self._thread.start()

    @property
    def sentinel(self):
        return self._done_r

    def terminate(self):
        pass

    def join(self):
        self._thread.join()
        self.exitcode = 0
