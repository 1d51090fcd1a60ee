"""A second helper that itself imports helper_mod."""
import helper_mod

def double_add(a, b):
    return helper_mod.add(a, b) * 2

NAME = __name__
