# Helper module for the serial tests: classes and functions that live in
# an imported module (sent by reference as serial_helper.NAME).
import _thread


def double(x):
    return 2 * x


class Handle:
    """Sends itself as a number, the way multiprocessing objects send a
    handle: rebuilt by calling the class."""

    def __init__(self, number):
        print("Handle.__init__", number)
        self.number = number

    def __reduce__(self):
        return (Handle, (self.number,))


class LockBox:
    """Holds a lock; sends itself as 'make a new lock' (a builtin callable)."""

    def __init__(self):
        self.lock = _thread.allocate_lock()

    def __reduce__(self):
        return (_rebuild_lockbox, (_thread.allocate_lock, "fresh"))


def _rebuild_lockbox(make, note):
    box = LockBox.__new__(LockBox)
    box.lock = make()
    box.note = note
    return box


class Outer:
    class Inner:
        def __init__(self):
            self.where = "inner"

        def method(self):
            return "Outer.Inner.method"
