"""``python -m cdrpkit``: the same as the ``cdrpkit`` command."""

from cdrpkit.cli import main

if __name__ == "__main__":
    main()
