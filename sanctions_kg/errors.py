"""The project's exception types.

Every error a user can cause (bad input, unknown entity, unreachable server)
derives from :class:`SkgError` so the CLI can print its message and exit
non-zero without a traceback, while real bugs still surface as tracebacks.
"""


class SkgError(Exception):
    """An error the user can act on; the CLI shows its message, not a traceback."""


class SchemaError(SkgError):
    """A fact does not fit the graph model declared in ``schema/model.yaml``."""


class InputError(SkgError):
    """An input file cannot be read; names the file and, where known, the line."""

    def __init__(self, path, message, line=None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")

    def __reduce__(self):   # rebuilt from its parts, as a worker process sends it back
        return type(self), (self.path, self.message, self.line)


class EntityNotFound(SkgError):
    """A name given as a query parameter matches no entity."""

    def __init__(self, name, candidates=()):
        self.name = name
        self.candidates = list(candidates)
        msg = f"no entity named {name!r}"
        if self.candidates:
            msg += "; did you mean: " + ", ".join(self.candidates)
        super().__init__(msg)


class AmbiguousEntity(SkgError):
    """A name given as a query parameter matches several entities."""

    def __init__(self, name, candidates):
        self.name = name
        self.candidates = list(candidates)
        super().__init__(
            f"{name!r} is ambiguous; candidates: " + "; ".join(self.candidates)
            + " (use an id or a fuller name)"
        )


class StoreError(SkgError):
    """The store cannot be opened, read or written."""
