"""Connections between processes: Pipe() and wait()."""

import _multiprocessing as _mp

Connection = _mp.Connection
Pipe = _mp.Pipe


def wait(object_list, timeout=None):
    """The objects of object_list that are ready: connections with data (or
    closed), and Process sentinels of ended processes."""
    return _mp.wait(object_list, timeout)
