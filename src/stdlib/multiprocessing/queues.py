"""Queues shared by processes (any number of producers and consumers)."""

import _multiprocessing as _mp

Queue = _mp.Queue
SimpleQueue = _mp.SimpleQueue
JoinableQueue = _mp.JoinableQueue
