"""Functions to call when the interpreter exits (after waiting for the
threads that are not daemons), last registered first."""

import sys
import _thread

_callbacks = []


def register(func, *args, **kwargs):
    """Call func(*args, **kwargs) at exit; returns func (a decorator)."""
    if not callable(func):
        raise TypeError("the first argument must be callable")
    _callbacks.append((func, args, kwargs))
    return func


def unregister(func):
    """Forget every registration of func."""
    _callbacks[:] = [c for c in _callbacks if c[0] != func]


def _clear():
    del _callbacks[:]


def _ncallbacks():
    return len(_callbacks)


def _run_exitfuncs():
    while _callbacks:
        func, args, kwargs = _callbacks.pop()
        try:
            func(*args, **kwargs)
        except BaseException as e:
            sys.stdout.flush()
            sys.stderr.write("Exception ignored in atexit callback: %r\n" % (func,))
            sys.stderr.write(_thread._format_exception(e))
