"""The composition root: settings, the choice of a local index or a remote API, and the ``kavosh`` CLI."""
