"""A snippet script: importable, and runnable with `python snippets/fixture_tool.py`."""

import sys


def double(value):
    return 2 * value


if __name__ == "__main__":
    print("tool says", double(int(sys.argv[1]) if len(sys.argv) > 1 else 1))
