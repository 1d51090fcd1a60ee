def risky(d, key):
    try:
        value = d[key]
    except KeyError as e:
        print("missing", e)
        value = None
    except (TypeError, ValueError):
        raise RuntimeError("bad key") from None
    else:
        print("found")
    finally:
        print("done")
    return value


with open(__file__) as f:
    risky({"a": 1}, "a")
