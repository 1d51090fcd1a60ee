words = ["alpha", "beta", "gamma"]
squares = [n * n for n in range(5) if n % 2]
lengths = {w: len(w) for w in words}
initials = {w[0] for w in words}
pairs = [(a, b) for a in range(3) for b in range(a)]
total = sum(x for x in squares)
print(squares, lengths, sorted(initials), pairs, total)
