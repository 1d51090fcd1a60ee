def evens(limit):
    n = 0
    while n < limit:
        received = yield n
        if received:
            n = received
        n += 2


def chained():
    yield from evens(6)
    yield from (c for c in "ab")


print(list(chained()))
