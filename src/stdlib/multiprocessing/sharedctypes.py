"""Values and arrays of C numbers in memory shared by processes.

Value('i', 0) and Array('d', 10) are backed by one block of shared memory,
mapped (not copied) in every process that receives them as a Process
argument. By default each comes with a lock: `.value` and each item access
take it, but `v.value += 1` is a read and a write, so guard such updates
with `with v.get_lock():`. Type codes are ctypes' ('i' int, 'd' double,
'c' char, ...); ctypes types themselves are not available in mini.
"""

import _multiprocessing as _mp
from multiprocessing.synchronize import RLock

__all__ = ['RawValue', 'RawArray', 'Value', 'Array', 'Synchronized',
           'SynchronizedArray', 'SynchronizedString']


def _storage(typecode_or_type, length):
    if not isinstance(typecode_or_type, str):
        raise TypeError("mini's multiprocessing takes type codes such as 'i' "
                        "or 'd', not ctypes types")
    return _mp.SharedArray(typecode_or_type, length)


class _CValue:
    """A single C number in shared memory (what RawValue returns)."""

    def __init__(self, arr):
        self._arr = arr

    @property
    def value(self):
        return self._arr[0]

    @value.setter
    def value(self, v):
        self._arr[0] = v

    def __repr__(self):
        return '%s(%r)' % (self._arr.ctype, self._arr[0])

    def __reduce__(self):
        return (_CValue, (self._arr,))


class _CArray:
    """A fixed-length C array in shared memory (what RawArray returns)."""

    def __init__(self, arr):
        self._arr = arr

    def __len__(self):
        return len(self._arr)

    def __getitem__(self, i):
        return self._arr[i]

    def __setitem__(self, i, v):
        self._arr[i] = v

    def __iter__(self):
        for i in range(len(self._arr)):
            yield self._arr[i]

    @property
    def value(self):
        """For 'c' arrays: the bytes up to the first NUL."""
        raw = self._arr[:]
        end = raw.find(b'\0')
        return raw if end < 0 else raw[:end]

    @value.setter
    def value(self, v):
        if len(v) > len(self._arr):
            raise ValueError("byte string too long")
        self._arr[:len(v)] = v
        if len(v) < len(self._arr):
            self._arr[len(v)] = b'\0'

    @property
    def raw(self):
        return self._arr[:]

    @raw.setter
    def raw(self, v):
        if len(v) > len(self._arr):
            raise ValueError("byte string too long")
        self._arr[:len(v)] = v

    def __repr__(self):
        return '<multiprocessing.sharedctypes.%s_Array_%d object at 0x%x>' % (
            self._arr.ctype, len(self._arr), id(self))

    def __reduce__(self):
        return (_CArray, (self._arr,))


def RawValue(typecode_or_type, *args):
    """A shared C number without a lock."""
    obj = _CValue(_storage(typecode_or_type, 1))
    if args:
        obj.value = args[0]
    return obj


def RawArray(typecode_or_type, size_or_initializer):
    """A shared C array without a lock: a length, or the initial items."""
    if isinstance(size_or_initializer, int):
        return _CArray(_storage(typecode_or_type, size_or_initializer))
    items = list(size_or_initializer) if not isinstance(size_or_initializer, bytes) \
        else [size_or_initializer[i:i + 1] for i in range(len(size_or_initializer))]
    arr = _CArray(_storage(typecode_or_type, len(items)))
    for i, v in enumerate(items):
        arr[i] = v
    return arr


def _lock_for(lock):
    if lock is True or lock is None:
        return RLock()
    if not hasattr(lock, 'acquire'):
        raise AttributeError("%r has no method 'acquire'" % lock)
    return lock


def Value(typecode_or_type, *args, lock=True):
    """A shared C number, with a lock unless lock=False."""
    obj = RawValue(typecode_or_type, *args)
    if lock is False:
        return obj
    return Synchronized(obj, _lock_for(lock))


def Array(typecode_or_type, size_or_initializer, *, lock=True):
    """A shared C array, with a lock unless lock=False."""
    obj = RawArray(typecode_or_type, size_or_initializer)
    if lock is False:
        return obj
    if typecode_or_type == 'c':
        return SynchronizedString(obj, _lock_for(lock))
    return SynchronizedArray(obj, _lock_for(lock))


class SynchronizedBase:
    def __init__(self, obj, lock=None):
        self._obj = obj
        self._lock = lock or RLock()
        self.acquire = self._lock.acquire
        self.release = self._lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def __reduce__(self):
        _mp._check_inheritance(type(self).__name__)
        return (type(self), (self._obj, self._lock))

    def get_obj(self):
        return self._obj

    def get_lock(self):
        return self._lock

    def __repr__(self):
        return '<%s wrapper for %s>' % (type(self).__name__, self._obj)


class Synchronized(SynchronizedBase):
    @property
    def value(self):
        with self._lock:
            return self._obj.value

    @value.setter
    def value(self, v):
        with self._lock:
            self._obj.value = v


class SynchronizedArray(SynchronizedBase):
    def __len__(self):
        return len(self._obj)

    def __getitem__(self, i):
        with self._lock:
            return self._obj[i]

    def __setitem__(self, i, value):
        with self._lock:
            self._obj[i] = value

    def __iter__(self):
        for i in range(len(self._obj)):
            yield self[i]


class SynchronizedString(SynchronizedArray):
    @property
    def value(self):
        with self._lock:
            return self._obj.value

    @value.setter
    def value(self, v):
        with self._lock:
            self._obj.value = v

    @property
    def raw(self):
        with self._lock:
            return self._obj.raw

    @raw.setter
    def raw(self, v):
        with self._lock:
            self._obj.raw = v
