"""Multi-producer, multi-consumer queues for threads.

Written in mini on top of `threading`: one lock guards the items, and three
conditions on that lock announce "not empty", "not full" and "all tasks
done". Blocking `put`/`get` wait on those conditions, so they release the
GIL while they wait.
"""

import threading
import time as _time

__all__ = ["Empty", "Full", "Queue", "PriorityQueue", "LifoQueue", "SimpleQueue"]


class Empty(Exception):
    """Raised by a non-blocking `get` (or one that timed out) on an empty queue."""


class Full(Exception):
    """Raised by a non-blocking `put` (or one that timed out) on a full queue."""


class _Fifo:
    """A first-in first-out buffer: a list plus the index of its head."""

    def __init__(self):
        self._items = []
        self._head = 0

    def __len__(self):
        return len(self._items) - self._head

    def append(self, item):
        self._items.append(item)

    def popleft(self):
        item = self._items[self._head]
        self._items[self._head] = None
        self._head += 1
        # Compact now and then so the list does not grow forever.
        if self._head > 32 and self._head * 2 > len(self._items):
            del self._items[:self._head]
            self._head = 0
        return item


def _heappush(heap, item):
    heap.append(item)
    i = len(heap) - 1
    while i > 0:
        parent = (i - 1) // 2
        if heap[i] < heap[parent]:
            heap[i], heap[parent] = heap[parent], heap[i]
            i = parent
        else:
            break


def _heappop(heap):
    last = heap.pop()
    if not heap:
        return last
    top = heap[0]
    heap[0] = last
    i = 0
    n = len(heap)
    while True:
        smallest = i
        for child in (2 * i + 1, 2 * i + 2):
            if child < n and heap[child] < heap[smallest]:
                smallest = child
        if smallest == i:
            return top
        heap[i], heap[smallest] = heap[smallest], heap[i]
        i = smallest


class Queue:
    """A FIFO queue; `maxsize <= 0` means unbounded."""

    def __init__(self, maxsize=0):
        self.maxsize = maxsize
        self._init(maxsize)
        self.mutex = threading.Lock()
        self.not_empty = threading.Condition(self.mutex)
        self.not_full = threading.Condition(self.mutex)
        self.all_tasks_done = threading.Condition(self.mutex)
        self.unfinished_tasks = 0

    def task_done(self):
        with self.all_tasks_done:
            unfinished = self.unfinished_tasks - 1
            if unfinished < 0:
                raise ValueError("task_done() called too many times")
            if unfinished == 0:
                self.all_tasks_done.notify_all()
            self.unfinished_tasks = unfinished

    def join(self):
        with self.all_tasks_done:
            while self.unfinished_tasks:
                self.all_tasks_done.wait()

    def qsize(self):
        with self.mutex:
            return self._qsize()

    def empty(self):
        with self.mutex:
            return not self._qsize()

    def full(self):
        with self.mutex:
            return 0 < self.maxsize <= self._qsize()

    def put(self, item, block=True, timeout=None):
        with self.not_full:
            if self.maxsize > 0:
                self._wait_while(self.not_full, lambda: self._qsize() >= self.maxsize, block, timeout, Full)
            self._put(item)
            self.unfinished_tasks += 1
            self.not_empty.notify()

    def get(self, block=True, timeout=None):
        with self.not_empty:
            self._wait_while(self.not_empty, lambda: not self._qsize(), block, timeout, Empty)
            item = self._get()
            self.not_full.notify()
            return item

    def _wait_while(self, cond, blocked, block, timeout, error):
        """Waits on `cond` while `blocked()`, raising `error` on timeout."""
        if not block:
            if blocked():
                raise error
            return
        if timeout is None:
            while blocked():
                cond.wait()
            return
        if timeout < 0:
            raise ValueError("'timeout' must be a non-negative number")
        deadline = _time.monotonic() + timeout
        while blocked():
            remaining = deadline - _time.monotonic()
            if remaining <= 0.0:
                raise error
            cond.wait(remaining)

    def put_nowait(self, item):
        return self.put(item, block=False)

    def get_nowait(self):
        return self.get(block=False)

    # The storage; subclasses change the order.
    def _init(self, maxsize):
        self.queue = _Fifo()

    def _qsize(self):
        return len(self.queue)

    def _put(self, item):
        self.queue.append(item)

    def _get(self):
        return self.queue.popleft()


class PriorityQueue(Queue):
    """Retrieves the smallest item first."""

    def _init(self, maxsize):
        self.queue = []

    def _put(self, item):
        _heappush(self.queue, item)

    def _get(self):
        return _heappop(self.queue)


class LifoQueue(Queue):
    """Retrieves the most recently added item first."""

    def _init(self, maxsize):
        self.queue = []

    def _put(self, item):
        self.queue.append(item)

    def _get(self):
        return self.queue.pop()


class SimpleQueue:
    """An unbounded FIFO queue without task tracking."""

    def __init__(self):
        self._queue = _Fifo()
        self._not_empty = threading.Condition(threading.Lock())

    def put(self, item, block=True, timeout=None):
        with self._not_empty:
            self._queue.append(item)
            self._not_empty.notify()

    def put_nowait(self, item):
        self.put(item, block=False)

    def get(self, block=True, timeout=None):
        with self._not_empty:
            if not block:
                if not len(self._queue):
                    raise Empty
            elif timeout is None:
                while not len(self._queue):
                    self._not_empty.wait()
            else:
                if timeout < 0:
                    raise ValueError("'timeout' must be a non-negative number")
                deadline = _time.monotonic() + timeout
                while not len(self._queue):
                    remaining = deadline - _time.monotonic()
                    if remaining <= 0.0:
                        raise Empty
                    self._not_empty.wait(remaining)
            return self._queue.popleft()

    def get_nowait(self):
        return self.get(False)

    def empty(self):
        with self._not_empty:
            return len(self._queue) == 0

    def qsize(self):
        with self._not_empty:
            return len(self._queue)
