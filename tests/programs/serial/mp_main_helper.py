# Stands in for the script as a multiprocessing child runs it: as module
# __mp_main__ (the test aliases sys.modules['__main__'] to it).
__name__ = "__mp_main__"

FACTOR = "child"


class Job:
    def __init__(self, n):
        self.n = n


def work(x):
    return ("child work", x)


def make(k):
    return lambda x: (FACTOR, k * x)
