"""Start methods and contexts. mini starts every child the same way,
"spawn" (a fresh interpreter); a context is this module's namespace under
another name, so code written for contexts runs unchanged."""

import os


class ProcessError(Exception):
    pass


class BufferTooShort(ProcessError):
    pass


class TimeoutError(ProcessError):
    pass


class AuthenticationError(ProcessError):
    pass


_method = [None]


def cpu_count():
    """The number of CPUs in the system."""
    n = os.cpu_count()
    if n is None:
        raise NotImplementedError('cannot determine number of cpus')
    return n


def get_all_start_methods():
    return ['spawn']


def get_start_method(allow_none=False):
    if _method[0] is None and not allow_none:
        _method[0] = 'spawn'
    return _method[0]


def set_start_method(method, force=False):
    if _method[0] is not None and not force:
        raise RuntimeError('context has already been set')
    if method is not None and method != 'spawn':
        raise ValueError("cannot find context for %r (mini starts processes "
                         "with 'spawn' only)" % (method,))
    _method[0] = method


def freeze_support():
    pass


def set_executable(executable):
    pass


def get_logger():
    raise NotImplementedError("multiprocessing logging is not available in mini")


def log_to_stderr(level=None):
    raise NotImplementedError("multiprocessing logging is not available in mini")


def Manager():
    raise NotImplementedError("multiprocessing managers are not available in mini; "
                              "use Queue, Pipe, Value or Array")


class SpawnContext:
    """What get_context('spawn') returns: the multiprocessing API."""

    _name = 'spawn'

    def __getattr__(self, name):
        import multiprocessing
        return getattr(multiprocessing, name)

    def get_start_method(self, allow_none=False):
        return self._name

    def __repr__(self):
        return '<multiprocessing.context.SpawnContext object>'


_spawn_context = SpawnContext()


def get_context(method=None):
    if method is not None and method != 'spawn':
        raise ValueError("cannot find context for %r (mini starts processes "
                         "with 'spawn' only)" % (method,))
    return _spawn_context
