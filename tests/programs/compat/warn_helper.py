# Imported by syntax_warnings.mini: its warnings come when it is compiled.
def check(n):
    return n is 3
