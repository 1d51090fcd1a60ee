"""Path name manipulation for POSIX (`os.path`)."""

import posix as _posix

sep = "/"
altsep = None
extsep = "."
pathsep = ":"
curdir = "."
pardir = ".."
defpath = "/bin:/usr/bin"
devnull = "/dev/null"
supports_unicode_filenames = False

_S_IFMT = 0o170000
_S_IFDIR = 0o040000
_S_IFREG = 0o100000
_S_IFLNK = 0o120000


def _fspath(p):
    if isinstance(p, (str, bytes)):
        return p
    try:
        method = type(p).__fspath__
    except AttributeError:
        raise TypeError("expected str, bytes or os.PathLike object, not "
                        + type(p).__name__) from None
    return method(p)


def _arg(funcname, p):
    """A path argument of `funcname` (which names it in its TypeError)."""
    if isinstance(p, str):
        return p
    if isinstance(p, bytes):
        return p.decode("utf-8", "surrogateescape")
    try:
        method = type(p).__fspath__
    except AttributeError:
        raise TypeError("%s() argument must be str, bytes, or os.PathLike "
                        "object, not '%s'" % (funcname, type(p).__name__)) from None
    return _arg(funcname, method(p))


def normcase(s):
    return _fspath(s)


def isabs(s):
    return _fspath(s).startswith(sep)


def join(a, *p):
    """Joins path components; an absolute component restarts the path."""
    a = _fspath(a)
    if not isinstance(a, str):
        a = _arg("join", a)
    out = a
    for b in p:
        b = _arg("join", b)
        if b.startswith(sep):
            out = b
        elif not out or out.endswith(sep):
            out = out + b
        else:
            out = out + sep + b
    return out


def split(p):
    """(head, tail): tail is everything after the last slash."""
    p = _fspath(p)
    i = p.rfind(sep) + 1
    head, tail = p[:i], p[i:]
    if head and head != sep * len(head):
        head = head.rstrip(sep)
    return head, tail


def splitext(p):
    """(root, ext): ext is the last dot and what follows, unless the dot
    starts the file name (leading dots do not count)."""
    p = _fspath(p)
    name_start = p.rfind(sep) + 1
    dot = p.rfind(extsep)
    if dot > name_start:
        # Leading dots of the name do not begin an extension.
        i = name_start
        while i < dot:
            if p[i] != extsep:
                return p[:dot], p[dot:]
            i += 1
    return p, p[:0]


def splitdrive(p):
    p = _fspath(p)
    return p[:0], p


def basename(p):
    p = _fspath(p)
    return p[p.rfind(sep) + 1:]


def dirname(p):
    p = _fspath(p)
    head = p[:p.rfind(sep) + 1]
    if head and head != sep * len(head):
        head = head.rstrip(sep)
    return head


def normpath(path):
    """Collapses redundant separators and up-level references."""
    path = _fspath(path)
    if not path:
        return curdir
    # POSIX keeps exactly two leading slashes; three or more mean one.
    if path.startswith(sep):
        lead = 2 if path.startswith("//") and not path.startswith("///") else 1
    else:
        lead = 0
    parts = []
    for part in path.split(sep):
        if part in ("", curdir):
            continue
        if part != pardir or (not lead and not parts) or (parts and parts[-1] == pardir):
            parts.append(part)
        elif parts:
            parts.pop()
    out = sep * lead + sep.join(parts)
    return out or curdir


def abspath(path):
    path = _fspath(path)
    if not isabs(path):
        path = join(_posix.getcwd(), path)
    return normpath(path)


def relpath(path, start=None):
    """`path` relative to `start` (default: the current directory)."""
    if not path:
        raise ValueError("no path specified")
    path = _fspath(path)
    start = curdir if start is None else _fspath(start)
    here = [x for x in abspath(start).split(sep) if x]
    there = [x for x in abspath(path).split(sep) if x]
    common = 0
    for a, b in zip(here, there):
        if a != b:
            break
        common += 1
    rest = [pardir] * (len(here) - common) + there[common:]
    if not rest:
        return curdir
    return join(*rest)


def commonprefix(m):
    """The longest string prefix shared by every item of `m`."""
    if not m:
        return ""
    if not isinstance(m[0], (list, tuple)):
        m = [_fspath(x) for x in m]
    lo = min(m)
    hi = max(m)
    for i, c in enumerate(lo):
        if c != hi[i]:
            return lo[:i]
    return lo


def commonpath(paths):
    """The longest common sub-path of the paths in the sequence."""
    paths = [_fspath(p) for p in paths]
    if not paths:
        raise ValueError("commonpath() arg is an empty sequence")
    absolute = set(p.startswith(sep) for p in paths)
    if len(absolute) != 1:
        raise ValueError("Can't mix absolute and relative paths")
    split_paths = [[c for c in p.split(sep) if c and c != curdir] for p in paths]
    lo = min(split_paths)
    hi = max(split_paths)
    common = lo
    for i, c in enumerate(lo):
        if c != hi[i]:
            common = lo[:i]
            break
    prefix = sep if paths[0].startswith(sep) else ""
    return prefix + sep.join(common)


def _stat_or_none(path, follow=True):
    try:
        if follow:
            return _posix.stat(path)
        return _posix.lstat(path)
    except (OSError, ValueError):
        return None


def exists(path):
    return _stat_or_none(path) is not None


def lexists(path):
    return _stat_or_none(path, False) is not None


def isfile(path):
    st = _stat_or_none(path)
    return st is not None and (st.st_mode & _S_IFMT) == _S_IFREG


def isdir(s):
    st = _stat_or_none(s)
    return st is not None and (st.st_mode & _S_IFMT) == _S_IFDIR


def islink(path):
    st = _stat_or_none(path, False)
    return st is not None and (st.st_mode & _S_IFMT) == _S_IFLNK


def ismount(path):
    path = _fspath(path)
    if islink(path):
        return False
    st = _stat_or_none(path)
    if st is None:
        return False
    parent = _stat_or_none(join(path, pardir))
    if parent is None:
        return False
    return st.st_dev != parent.st_dev or st.st_ino == parent.st_ino


def getsize(filename):
    return _posix.stat(filename).st_size


def getmtime(filename):
    return _posix.stat(filename).st_mtime


def getatime(filename):
    return _posix.stat(filename).st_atime


def getctime(filename):
    return _posix.stat(filename).st_ctime


def samestat(s1, s2):
    return s1.st_ino == s2.st_ino and s1.st_dev == s2.st_dev


def samefile(f1, f2):
    return samestat(_posix.stat(f1), _posix.stat(f2))


def expanduser(path):
    """`~` and `~user` at the start of the path, expanded."""
    path = _fspath(path)
    if not path.startswith("~"):
        return path
    i = path.find(sep, 1)
    if i < 0:
        i = len(path)
    if i == 1:
        import os
        home = os.environ.get("HOME")
        if home is None:
            return path
    else:
        user = path[1:i]
        home = _home_of(user)
        if home is None:
            return path
    home = home.rstrip(sep)
    return (home + path[i:]) or sep


def _home_of(user):
    try:
        with open("/etc/passwd") as f:
            for line in f:
                fields = line.rstrip("\n").split(":")
                if len(fields) >= 6 and fields[0] == user:
                    return fields[5]
    except OSError:
        pass
    return None


def expandvars(path):
    """`$name` and `${name}` replaced by environment variables (unknown
    ones are left alone)."""
    path = _fspath(path)
    if "$" not in path:
        return path
    import os
    out = []
    i = 0
    n = len(path)
    while i < n:
        c = path[i]
        if c != "$":
            out.append(c)
            i += 1
            continue
        if i + 1 < n and path[i + 1] == "{":
            end = path.find("}", i + 2)
            if end < 0:
                out.append(path[i:])
                break
            name = path[i + 2:end]
            if name and name in os.environ:
                out.append(os.environ[name])
            else:
                out.append(path[i:end + 1])
            i = end + 1
            continue
        j = i + 1
        while j < n and (path[j].isalnum() or path[j] == "_"):
            j += 1
        name = path[i + 1:j]
        if name and name in os.environ:
            out.append(os.environ[name])
        else:
            out.append(path[i:j])
        i = j
    return "".join(out)


def realpath(filename, *, strict=False):
    """The canonical path: symbolic links resolved, `.` and `..` removed."""
    parts = [p for p in abspath(filename).split(sep) if p]
    parts.reverse()
    return _resolve_parts(sep, parts, {}, strict)


def _resolve_parts(resolved, parts_reversed, seen, strict):
    """Resolves the components of a link target (given reversed) from
    `resolved`, following further links."""
    parts = list(parts_reversed)
    while parts:
        part = parts.pop()
        if part == curdir:
            continue
        if part == pardir:
            resolved = dirname(resolved) or sep
            continue
        candidate = join(resolved, part)
        try:
            st = _posix.lstat(candidate)
        except OSError:
            if strict:
                raise
            resolved = candidate
            continue
        if (st.st_mode & _S_IFMT) != _S_IFLNK:
            resolved = candidate
            continue
        if candidate in seen:
            target = seen[candidate]
            if target is None:
                if strict:
                    _posix.stat(candidate)
                parts.reverse()
                return join(candidate, *parts) if parts else candidate
            resolved = target
            continue
        seen[candidate] = None
        link = _posix.readlink(candidate)
        if link.startswith(sep):
            resolved = sep
        sub = [p for p in link.split(sep) if p]
        sub.reverse()
        resolved = _resolve_parts(resolved, sub, seen, strict)
        seen[candidate] = resolved
    return resolved
