"""Generates set_ops.txt: random set operations and the iteration orders
CPython prints for them. Run with /usr/bin/python3 (3.11) from this folder:

    python3 gen_set_ops.py > set_ops.txt

Each scenario works on three sets named A, B and C. Every line is an
operation; `check X v...` gives the expected iteration order of set X and
`pop X -> v` the value set.pop() returned. Ints are written in decimal,
tuples of ints as `t:1,2` (`t:` is the empty tuple).
"""
import random

rng = random.Random(20240611)
NAMES = "ABC"


def value():
    kind = rng.random()
    if kind < 0.35:
        return rng.randint(-12, 40)
    if kind < 0.55:
        return rng.randint(0, 40) * rng.choice([8, 16, 32, 64, 1024])
    if kind < 0.65:
        return rng.choice([-1, -2, -(2**61), 2**61, 2**61 + 1, 2**64, -(2**63), 2**62 - 3])
    if kind < 0.8:
        return rng.randint(-10**9, 10**9)
    n = rng.randint(0, 3)
    return tuple(rng.randint(-3, 9) for _ in range(n))


def tok(v):
    if isinstance(v, tuple):
        return "t:" + ",".join(map(str, v))
    return str(v)


def pyrepr(v):
    return repr(v)


def scenario(out):
    sets = {n: set() for n in NAMES}
    for _ in range(rng.randint(5, 30)):
        op = rng.choice(
            ["add"] * 6 + ["discard"] * 3 + ["pop", "update", "update_list", "copy",
             "or", "and", "sub", "xor", "iand", "isub", "ixor", "clear", "lit", "lit"]
        )
        x, y, z = (rng.choice(NAMES) for _ in range(3))
        if op == "add":
            for _ in range(rng.randint(1, 12)):
                v = value()
                sets[x].add(v)
                out.append(f"add {x} {tok(v)}")
        elif op == "discard":
            pool = list(sets[x]) if sets[x] and rng.random() < 0.8 else [value()]
            for _ in range(rng.randint(1, 6)):
                v = rng.choice(pool)
                sets[x].discard(v)
                out.append(f"discard {x} {tok(v)}")
        elif op == "pop":
            for _ in range(rng.randint(1, 4)):
                if sets[x]:
                    out.append(f"pop {x} -> {tok(sets[x].pop())}")
        elif op == "update" and x != y:
            sets[x] |= sets[y]
            out.append(f"update {x} {y}")
        elif op == "update_list":
            vals = [value() for _ in range(rng.randint(0, 40))]
            sets[x].update(vals)
            out.append(f"update_list {x} " + " ".join(map(tok, vals)))
        elif op == "copy":
            sets[x] = sets[y].copy()
            out.append(f"copy {x} {y}")
        elif op in ("or", "and", "sub", "xor"):
            a, b = sets[y], sets[z]
            sets[x] = {"or": a | b, "and": a & b, "sub": a - b, "xor": a ^ b}[op]
            out.append(f"{op} {x} {y} {z}")
        elif op == "iand":
            sets[x] &= sets[y]
            out.append(f"{op} {x} {y}")
        elif op in ("isub", "ixor") and x != y:
            if op == "isub":
                sets[x] -= sets[y]
            else:
                sets[x] ^= sets[y]
            out.append(f"{op} {x} {y}")
        elif op == "clear":
            sets[x].clear()
            out.append(f"clear {x}")
        elif op == "lit":
            vals = [value() for _ in range(rng.randint(3, 30))]
            sets[x] = eval("{" + ", ".join(map(pyrepr, vals)) + "}")
            out.append(f"lit {x} " + " ".join(map(tok, vals)))
        else:
            continue
        out.append(f"check {x} " + " ".join(map(tok, sets[x])))


def main():
    out = []
    for i in range(300):
        out.append(f"# scenario {i}")
        scenario(out)
    print("\n".join(out))


main()
