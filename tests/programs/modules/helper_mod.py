"""A helper module imported by the modules/import_* programs."""
print("helper_mod is being imported")

GREETING = "hello from helper_mod"
counter = 0


def add(a, b):
    return a + b


def bump():
    global counter
    counter += 1
    return counter


class Shape:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Shape({self.name!r})"


_private = "underscore names are not exported by *"

if __name__ == "__main__":
    print("not printed on import")
