"""Operating system interfaces: the native `posix` module, plus the parts
written in mini (the environment mapping, walk, scandir, makedirs)."""

import sys
import posix as _posix
from posix import *
import posixpath as path

sys.modules["os.path"] = path

name = "posix"
sep = path.sep
altsep = path.altsep
extsep = path.extsep
pathsep = path.pathsep
curdir = path.curdir
pardir = path.pardir
defpath = path.defpath
devnull = path.devnull
linesep = "\n"
error = OSError
supports_bytes_environ = True
stat_result = _posix.stat_result


def fspath(p):
    """The str or bytes form of a path-like object."""
    if isinstance(p, (str, bytes)):
        return p
    kind = type(p)
    try:
        method = kind.__fspath__
    except AttributeError:
        raise TypeError("expected str, bytes or os.PathLike object, not "
                        + kind.__name__) from None
    r = method(p)
    if isinstance(r, (str, bytes)):
        return r
    raise TypeError("expected {}.__fspath__() to return str or bytes, not {}"
                    .format(kind.__name__, type(r).__name__))


class PathLike:
    """Base of classes whose instances stand for file system paths."""

    def __fspath__(self):
        raise NotImplementedError


def fsencode(filename):
    filename = fspath(filename)
    if isinstance(filename, str):
        return filename.encode("utf-8", "surrogateescape")
    return filename


def fsdecode(filename):
    filename = fspath(filename)
    if isinstance(filename, bytes):
        return filename.decode("utf-8", "surrogateescape")
    return filename


def _check_env(value, what):
    if not isinstance(value, str):
        raise TypeError("str expected, not %s" % type(value).__name__)
    return value


class _Environ:
    """`os.environ`: a mapping of the environment that writes through to
    the process's real environment (so child processes see changes)."""

    def __init__(self, data):
        self._data = data

    def __getitem__(self, key):
        try:
            return self._data[key]
        except KeyError:
            raise KeyError(key) from None

    def __setitem__(self, key, value):
        _check_env(key, "key")
        _check_env(value, "value")
        putenv(key, value)
        self._data[key] = value

    def __delitem__(self, key):
        _check_env(key, "key")
        unsetenv(key)
        try:
            del self._data[key]
        except KeyError:
            raise KeyError(key) from None

    def __iter__(self):
        return iter(list(self._data))

    def __len__(self):
        return len(self._data)

    def __contains__(self, key):
        return key in self._data

    def __eq__(self, other):
        if isinstance(other, _Environ):
            return self._data == other._data
        return self._data == other

    def __repr__(self):
        items = ", ".join("%r: %r" % (k, v) for k, v in self._data.items())
        return "environ({%s})" % items

    def keys(self):
        return self._data.keys()

    def values(self):
        return self._data.values()

    def items(self):
        return self._data.items()

    def get(self, key, default=None):
        return self._data.get(key, default)

    def copy(self):
        return dict(self._data)

    def setdefault(self, key, value):
        if key not in self._data:
            self[key] = value
        return self._data[key]

    _MISSING = object()

    def pop(self, key, default=_MISSING):
        if key in self._data:
            value = self._data[key]
            del self[key]
            return value
        if default is _Environ._MISSING:
            raise KeyError(key)
        return default

    def popitem(self):
        if not self._data:
            raise KeyError("popitem(): dictionary is empty")
        key = list(self._data)[-1]
        return key, self.pop(key)

    def clear(self):
        for key in list(self._data):
            del self[key]

    def update(self, other=(), **kwds):
        if hasattr(other, "keys"):
            for key in other.keys():
                self[key] = other[key]
        else:
            for key, value in other:
                self[key] = value
        for key, value in kwds.items():
            self[key] = value

    def __or__(self, other):
        new = dict(self._data)
        new.update(other)
        return new

    def __ior__(self, other):
        self.update(other)
        return self


environ = _Environ(_posix.environ)
del _posix.environ


def getenv(key, default=None):
    """The value of environment variable `key`, or `default`."""
    return environ.get(key, default)


def get_exec_path(env=None):
    if env is None:
        env = environ
    p = env.get("PATH", defpath)
    return p.split(pathsep)


class DirEntry:
    """An entry of a directory listing, from `scandir`."""

    def __init__(self, directory, name, is_dir, is_file, is_symlink, ino):
        self.name = name
        self.path = path.join(directory, name)
        self._is_dir = is_dir
        self._is_file = is_file
        self._is_symlink = is_symlink
        self._ino = ino
        self._stat = None
        self._lstat = None

    def __repr__(self):
        return "<DirEntry %r>" % (self.name,)

    def __fspath__(self):
        return self.path

    def inode(self):
        return self._ino

    def is_symlink(self):
        return self._is_symlink

    def stat(self, *, follow_symlinks=True):
        if follow_symlinks and self._is_symlink:
            if self._stat is None:
                self._stat = stat(self.path)
            return self._stat
        if self._lstat is None:
            self._lstat = lstat(self.path)
        return self._lstat

    def _test(self, follow_symlinks, known, mask):
        if follow_symlinks and self._is_symlink:
            try:
                st = self.stat()
            except FileNotFoundError:
                return False
            return (st.st_mode & 0o170000) == mask
        return known

    def is_dir(self, *, follow_symlinks=True):
        return self._test(follow_symlinks, self._is_dir, 0o040000)

    def is_file(self, *, follow_symlinks=True):
        return self._test(follow_symlinks, self._is_file, 0o100000)


class _ScandirIterator:
    def __init__(self, directory, entries):
        self._entries = iter(entries)
        self._directory = directory

    def __iter__(self):
        return self

    def __next__(self):
        entry = next(self._entries)
        return DirEntry(self._directory, *entry)

    def close(self):
        self._entries = iter(())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def scandir(path="."):
    """An iterator of DirEntry objects for the entries of a directory."""
    if path is None:
        path = "."
    directory = fspath(path)
    return _ScandirIterator(directory, _posix._scandir(directory))


def walk(top, topdown=True, onerror=None, followlinks=False):
    """Yields (dirpath, dirnames, filenames) for each directory in the tree
    rooted at `top`; top-down lets the caller prune dirnames in place."""
    top = fspath(top)
    try:
        entries = scandir(top)
    except OSError as error:
        if onerror is not None:
            onerror(error)
        return
    dirs = []
    files = []
    later = []
    with entries:
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                files.append(entry.name)
                continue
            dirs.append(entry.name)
            if not topdown:
                try:
                    is_link = entry.is_symlink()
                except OSError:
                    is_link = False
                if followlinks or not is_link:
                    later.append(entry.path)
    if topdown:
        yield top, dirs, files
        for d in dirs:
            sub = path.join(top, d)
            if followlinks or not path.islink(sub):
                yield from walk(sub, topdown, onerror, followlinks)
    else:
        for sub in later:
            yield from walk(sub, topdown, onerror, followlinks)
        yield top, dirs, files


def makedirs(name, mode=0o777, exist_ok=False):
    """Makes a directory and any missing parents."""
    head, tail = path.split(name)
    if not tail:
        head, tail = path.split(head)
    if head and tail and not path.exists(head):
        try:
            makedirs(head, exist_ok=exist_ok)
        except FileExistsError:
            pass
        if tail == curdir:
            return
    try:
        mkdir(name, mode)
    except OSError:
        if not exist_ok or not path.isdir(name):
            raise


def removedirs(name):
    """Removes a directory, then its parents as long as they are empty."""
    rmdir(name)
    head, tail = path.split(name)
    if not tail:
        head, tail = path.split(head)
    while head and tail:
        try:
            rmdir(head)
        except OSError:
            break
        head, tail = path.split(head)


def renames(old, new):
    head, tail = path.split(new)
    if head and tail and not path.exists(head):
        makedirs(head)
    rename(old, new)
    head, tail = path.split(old)
    if head and tail:
        try:
            removedirs(head)
        except OSError:
            pass


def get_terminal_size(fd=1):
    columns = int(environ.get("COLUMNS", 80))
    lines = int(environ.get("LINES", 24))
    return terminal_size((columns, lines))


class terminal_size(tuple):
    def __new__(cls, seq):
        return tuple.__new__(cls, seq)

    columns = property(lambda self: self[0])
    lines = property(lambda self: self[1])

    def __repr__(self):
        return "os.terminal_size(columns=%d, lines=%d)" % (self[0], self[1])


def WIFEXITED(status):
    return (status & 0x7F) == 0


def WEXITSTATUS(status):
    return (status >> 8) & 0xFF


def WIFSIGNALED(status):
    return (status & 0x7F) not in (0, 0x7F)


def WTERMSIG(status):
    return status & 0x7F


def waitstatus_to_exitcode(status):
    if WIFEXITED(status):
        return WEXITSTATUS(status)
    if WIFSIGNALED(status):
        return -WTERMSIG(status)
    raise ValueError("invalid wait status: %r" % (status,))
