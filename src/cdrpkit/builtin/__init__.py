"""cdrpkit's own plugins, registered through the ``cdrpkit`` entry points like any other."""
