def make_counter(start, step=1):
    count = start

    def bump():
        nonlocal count
        count += step
        return count

    def peek():
        return count

    return bump, peek


bump, peek = make_counter(10)
bump()
print(peek(), (lambda x, *, y=2: x * y)(3))
