"""Printing and formatting exceptions and stacks, as the interpreter
prints an uncaught exception."""

import sys
import _traceback

__all__ = ["extract_stack", "extract_tb", "format_exception",
           "format_exception_only", "format_list", "format_stack",
           "format_tb", "print_exc", "format_exc", "print_exception",
           "print_last", "print_stack", "print_tb", "clear_frames",
           "FrameSummary", "StackSummary", "walk_stack", "walk_tb"]

_UNSET = object()


def _chunks(text):
    """A report split the way the traceback module lists it: the header,
    one item per frame (with its source and markers), the chaining
    messages, and the exception."""
    out = []
    for line in text.splitlines(True):
        if line.startswith("    ") and out and out[-1].startswith("  File "):
            out[-1] += line
        elif line == "\n":
            if out and out[-1].startswith("\n") and not out[-1].endswith("\n\n"):
                out[-1] += line
            else:
                out.append(line)
        elif out and out[-1] == "\n":
            out[-1] += line
        else:
            out.append(line)
    return out


def _value_of(exc, value):
    if value is _UNSET:
        return exc
    return value


def format_exception(exc, /, value=_UNSET, tb=_UNSET, limit=None, chain=True):
    """The report for an exception, as a list of strings."""
    value = _value_of(exc, value)
    if value is not None and tb is not _UNSET and tb is not None \
            and tb is not value.__traceback__:
        value.__traceback__ = tb
    return _chunks(_traceback.format(value, chain, limit))


def format_exception_only(exc, /, value=_UNSET):
    """The `Type: message` part of the report, as a list of strings."""
    value = _value_of(exc, value)
    return _chunks(_traceback.format_only(value))


def print_exception(exc, /, value=_UNSET, tb=_UNSET, limit=None, file=None,
                    chain=True):
    if file is None:
        file = sys.stderr
    for chunk in format_exception(exc, value, tb, limit=limit, chain=chain):
        print(chunk, file=file, end="")


def format_exc(limit=None, chain=True):
    """The report for the exception being handled, as a string."""
    return "".join(format_exception(sys.exc_info()[1], limit=limit, chain=chain))


def print_exc(limit=None, file=None, chain=True):
    print_exception(sys.exc_info()[1], limit=limit, file=file, chain=chain)


def print_last(limit=None, file=None, chain=True):
    if not hasattr(sys, "last_value"):
        raise ValueError("no last exception")
    print_exception(sys.last_value, limit=limit, file=file, chain=chain)


def format_tb(tb, limit=None):
    return _chunks(_traceback.format_tb(tb, limit))


def print_tb(tb, limit=None, file=None):
    if file is None:
        file = sys.stderr
    for chunk in format_tb(tb, limit):
        print(chunk, file=file, end="")


def format_stack(f=None, limit=None):
    # Skip this function's own frame.
    return _chunks(_traceback.format_stack(1, limit))


def print_stack(f=None, limit=None, file=None):
    if file is None:
        file = sys.stderr
    for chunk in _chunks(_traceback.format_stack(1, limit)):
        print(chunk, file=file, end="")


class FrameSummary:
    """One frame of a traceback or stack: file, line number, function
    name and source line."""

    __slots__ = ("filename", "lineno", "name", "_line", "locals")

    def __init__(self, filename, lineno, name, *, lookup_line=True,
                 locals=None, line=None):
        self.filename = filename
        self.lineno = lineno
        self.name = name
        self._line = line
        self.locals = locals

    @property
    def line(self):
        return "" if self._line is None else self._line

    def __eq__(self, other):
        if isinstance(other, FrameSummary):
            return (self.filename == other.filename and self.lineno == other.lineno
                    and self.name == other.name and self.locals == other.locals)
        if isinstance(other, tuple):
            return (self.filename, self.lineno, self.name, self.line) == other
        return NotImplemented

    def __getitem__(self, pos):
        return (self.filename, self.lineno, self.name, self.line)[pos]

    def __iter__(self):
        return iter([self.filename, self.lineno, self.name, self.line])

    def __len__(self):
        return 4

    def __repr__(self):
        return "<FrameSummary file {filename}, line {lineno} in {name}>".format(
            filename=self.filename, lineno=self.lineno, name=self.name)


class StackSummary(list):
    """A list of FrameSummary objects."""

    @classmethod
    def from_list(cls, a_list):
        result = StackSummary()
        for frame in a_list:
            if isinstance(frame, FrameSummary):
                result.append(frame)
            else:
                filename, lineno, name, line = frame
                result.append(FrameSummary(filename, lineno, name, line=line))
        return result

    def format(self):
        out = []
        for fs in self:
            row = '  File "{}", line {}, in {}\n'.format(fs.filename, fs.lineno, fs.name)
            if fs.line:
                row += "    {}\n".format(fs.line.strip())
            out.append(row)
        return out


def _summaries(rows):
    return StackSummary.from_list(
        [FrameSummary(f, n, name, line=line) for f, n, name, line in rows])


def extract_tb(tb, limit=None):
    return _summaries(_traceback.extract_tb(tb, limit))


def extract_stack(f=None, limit=None):
    return _summaries(_traceback.extract_stack(1, limit))


def format_list(extracted_list):
    return StackSummary.from_list(extracted_list).format()


def print_list(extracted_list, file=None):
    if file is None:
        file = sys.stderr
    for item in format_list(extracted_list):
        print(item, file=file, end="")


def walk_tb(tb):
    while tb is not None:
        yield tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next


def walk_stack(f):
    return iter(())


def clear_frames(tb):
    pass
