def ratio(data):
    return data["num"] / data["den"]


def report(rows):
    return [ratio(r) for r in rows]


print(report([{"num": 1, "den": 2}, {"num": 3, "den": 0}]))
