"""Process objects: a child interpreter running one function.

A child is the mini executable itself, started afresh ("spawn"): it runs
the parent's main script as module __mp_main__, then rebuilds the Process
object it was sent and calls its _bootstrap(), which calls run(). The
native half (starting, waiting, signalling) is _multiprocessing._spawn and
the Popen handle it returns.
"""

import os
import sys
import _thread
import _multiprocessing as _mp

__all__ = ['BaseProcess', 'Process', 'current_process', 'parent_process',
           'active_children']

# Processes started by this process and not yet known to have ended.
_children = set()
_counter = [0]

_BOOTSTRAP_ERROR = """
        A new process was started before the current process finished its
        bootstrapping phase: this child was still running the parent's main
        module (as __mp_main__) when that module started a process.

        Start processes only from code guarded by the main-module idiom:

            if __name__ == '__main__':
                ...
"""

_signal_names = {1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL',
                 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE', 9: 'SIGKILL',
                 10: 'SIGUSR1', 11: 'SIGSEGV', 12: 'SIGUSR2', 13: 'SIGPIPE',
                 14: 'SIGALRM', 15: 'SIGTERM'}


def current_process():
    """The Process object of the running process."""
    return _current_process


def parent_process():
    """The parent's Process object (None in the main process)."""
    return _parent_process


def active_children():
    """The children started by this process that are still running."""
    _cleanup()
    return list(_children)


def _cleanup():
    for p in list(_children):
        if p._popen.poll() is not None:
            _children.discard(p)


class BaseProcess:
    """A function (`target`, or an overridden run()) in a child process."""

    def __init__(self, group=None, target=None, name=None, args=(), kwargs={},
                 *, daemon=None):
        assert group is None, 'group argument must be None for now'
        _counter[0] += 1
        self._identity = _current_process._identity + (_counter[0],)
        self._config = dict(_current_process._config)
        self._parent_pid = os.getpid()
        self._parent_name = _current_process.name
        self._popen = None
        self._closed = False
        self._target = target
        self._args = tuple(args)
        self._kwargs = dict(kwargs)
        self._name = name or (type(self).__name__ + '-' +
                              ':'.join(str(i) for i in self._identity))
        if daemon is not None:
            self.daemon = daemon

    def run(self):
        """What the child does: call the target (override to change)."""
        if self._target:
            self._target(*self._args, **self._kwargs)

    def start(self):
        """Start the child: it runs run() in a new interpreter."""
        self._check_closed()
        assert self._popen is None, 'cannot start a process twice'
        assert self._parent_pid == os.getpid(), \
            'can only start a process object created by current process'
        assert not _current_process._config.get('daemon'), \
            'daemonic processes are not allowed to have children'
        if _mp._bootstrapping():
            raise RuntimeError(_BOOTSTRAP_ERROR)
        _cleanup()
        self._popen = _mp._spawn(self, self._name)
        self._sentinel = self._popen.sentinel
        # The child has its own copies; drop ours, as CPython does.
        del self._target, self._args, self._kwargs
        _children.add(self)

    def terminate(self):
        """Stop the child with SIGTERM."""
        self._check_closed()
        if self._popen is not None:
            self._popen.terminate()

    def kill(self):
        """Stop the child with SIGKILL."""
        self._check_closed()
        if self._popen is not None:
            self._popen.kill()

    def join(self, timeout=None):
        """Wait until the child ends, or `timeout` seconds have passed."""
        self._check_closed()
        assert self._parent_pid == os.getpid(), 'can only join a child process'
        assert self._popen is not None, 'can only join a started process'
        if self._popen.wait(timeout) is not None:
            _children.discard(self)

    def is_alive(self):
        self._check_closed()
        if self is _current_process:
            return True
        assert self._parent_pid == os.getpid(), 'can only test a child process'
        if self._popen is None:
            return False
        if self._popen.poll() is None:
            return True
        _children.discard(self)
        return False

    def close(self):
        """Release the resources of a finished child."""
        if self._popen is not None:
            if self._popen.poll() is None:
                raise ValueError("Cannot close a process while it is still running. "
                                 "You should first call join() or terminate().")
            self._popen.close()
            self._popen = None
            del self._sentinel
            _children.discard(self)
        self._closed = True

    def _check_closed(self):
        if self._closed:
            raise ValueError("process object is closed")

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, name):
        assert isinstance(name, str), 'name must be a string'
        self._name = name

    @property
    def daemon(self):
        """Daemon children are terminated, not waited for, at exit."""
        return self._config.get('daemon', False)

    @daemon.setter
    def daemon(self, daemonic):
        assert self._popen is None, 'process has already started'
        self._config['daemon'] = daemonic

    @property
    def authkey(self):
        return self._config['authkey']

    @authkey.setter
    def authkey(self, authkey):
        self._config['authkey'] = bytes(authkey)

    @property
    def exitcode(self):
        """None while running; 0, 1 (an exception), n (sys.exit(n)) or -N
        (killed by signal N) once ended."""
        self._check_closed()
        if self._popen is None:
            return None
        return self._popen.poll()

    @property
    def ident(self):
        self._check_closed()
        if self is _current_process:
            return os.getpid()
        return self._popen and self._popen.pid

    pid = ident

    @property
    def sentinel(self):
        """A descriptor number that becomes ready when the child ends
        (for multiprocessing.connection.wait)."""
        self._check_closed()
        try:
            return self._sentinel
        except AttributeError:
            raise ValueError("process not started") from None

    def __repr__(self):
        exitcode = None
        if self is _current_process:
            status = 'started'
        elif self._closed:
            status = 'closed'
        elif self._parent_pid != os.getpid():
            status = 'unknown'
        elif self._popen is None:
            status = 'initial'
        else:
            exitcode = self._popen.poll()
            status = 'started' if exitcode is None else 'stopped'
        info = [type(self).__name__, 'name=%r' % self._name]
        if self._popen is not None:
            info.append('pid=%s' % self._popen.pid)
        info.append('parent=%s' % self._parent_pid)
        info.append(status)
        if exitcode is not None:
            if exitcode < 0 and -exitcode in _signal_names:
                exitcode = '-' + _signal_names[-exitcode]
            info.append('exitcode=%s' % exitcode)
        if self.daemon:
            info.append('daemon')
        return '<%s>' % ' '.join(info)

    def _bootstrap(self):
        """In the child: run, and turn the outcome into an exit code."""
        global _current_process, _parent_process
        try:
            _children.clear()
            _counter[0] = 0
            _current_process = self
            _parent_process = _ParentProcess(self._parent_name, self._parent_pid)
            if self._config.get('ignore_sigint'):
                _mp._ignore_sigint()
            try:
                self.run()
                exitcode = 0
            finally:
                _exit_function()
        except SystemExit as e:
            if e.code is None:
                exitcode = 0
            elif isinstance(e.code, int):
                exitcode = e.code
            else:
                sys.stderr.write(str(e.code) + '\n')
                exitcode = 1
        except BaseException as e:
            exitcode = 1
            sys.stdout.flush()
            sys.stderr.write('Process %s:\n' % self.name)
            sys.stderr.write(_thread._format_exception(e))
        sys.stdout.flush()
        sys.stderr.flush()
        return exitcode


class Process(BaseProcess):
    pass


class _MainProcess(BaseProcess):
    def __init__(self):
        self._identity = ()
        self._name = 'MainProcess'
        self._parent_pid = None
        self._popen = None
        self._closed = False
        self._config = {'authkey': os.urandom(32) if hasattr(os, 'urandom') else b'mini',
                        'semprefix': '/mp'}

    def close(self):
        pass


class _ParentProcess(BaseProcess):
    def __init__(self, name, pid):
        self._identity = ()
        self._name = name
        self._pid = pid
        self._parent_pid = None
        self._popen = None
        self._closed = False
        self._config = {}

    def is_alive(self):
        return _mp._pids()[1] == self._pid

    @property
    def ident(self):
        return self._pid

    pid = ident

    def join(self, timeout=None):
        import time
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.is_alive():
            if deadline is not None and time.monotonic() >= deadline:
                return
            time.sleep(0.01)


_current_process = _MainProcess()
_parent_process = None


def _exit_function():
    """At exit: terminate daemonic children, wait for the others. After
    Ctrl-C, stop every child instead of waiting for it."""
    interrupted = _mp._exiting_by_interrupt()
    for p in active_children():
        if p.daemon or interrupted:
            p._popen.terminate()
    for p in active_children():
        p.join()
