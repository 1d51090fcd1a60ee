"""Processes that compute in parallel, each with its own interpreter and
its own GIL, and the ways they share data: pipes, queues, shared memory
and process-shared locks. Children are started with "spawn" semantics
(mini re-executes itself); see docs/multiprocessing.md.

As in CPython, the factories below (Pool, Lock, Value, ...) are functions
that import their module on first use: a child process imports this
package again while starting, and should not pay for what it never uses.
"""

import atexit
import _multiprocessing as _mp
from multiprocessing.process import (Process, current_process, parent_process,
                                     active_children)
from multiprocessing.context import (ProcessError, BufferTooShort, TimeoutError,
                                     AuthenticationError, get_context,
                                     set_start_method, get_start_method,
                                     get_all_start_methods, cpu_count,
                                     freeze_support, set_executable,
                                     get_logger, log_to_stderr, Manager)
import multiprocessing.process as _process

Pipe = _mp.Pipe
Queue = _mp.Queue
SimpleQueue = _mp.SimpleQueue
JoinableQueue = _mp.JoinableQueue


def Lock():
    from multiprocessing.synchronize import Lock
    return Lock()


def RLock():
    from multiprocessing.synchronize import RLock
    return RLock()


def Semaphore(value=1):
    from multiprocessing.synchronize import Semaphore
    return Semaphore(value)


def BoundedSemaphore(value=1):
    from multiprocessing.synchronize import BoundedSemaphore
    return BoundedSemaphore(value)


def Condition(lock=None):
    from multiprocessing.synchronize import Condition
    return Condition(lock)


def Event():
    from multiprocessing.synchronize import Event
    return Event()


def Barrier(parties, action=None, timeout=None):
    from multiprocessing.synchronize import Barrier
    return Barrier(parties, action, timeout)


def Value(typecode_or_type, *args, lock=True):
    from multiprocessing.sharedctypes import Value
    return Value(typecode_or_type, *args, lock=lock)


def Array(typecode_or_type, size_or_initializer, *, lock=True):
    from multiprocessing.sharedctypes import Array
    return Array(typecode_or_type, size_or_initializer, lock=lock)


def RawValue(typecode_or_type, *args):
    from multiprocessing.sharedctypes import RawValue
    return RawValue(typecode_or_type, *args)


def RawArray(typecode_or_type, size_or_initializer):
    from multiprocessing.sharedctypes import RawArray
    return RawArray(typecode_or_type, size_or_initializer)


def Pool(processes=None, initializer=None, initargs=(), maxtasksperchild=None):
    from multiprocessing.pool import Pool
    return Pool(processes, initializer, initargs, maxtasksperchild)


atexit.register(_process._exit_function)

SUBDEBUG = 5
SUBWARNING = 25
