"""The one exception exporters raise, so callers can turn it into a 4xx rather than a 500."""

__all__ = ["ExportError"]


class ExportError(ValueError):
    """The graph cannot be exported in the requested format as it stands (e.g. it is too big).

    The message is written for the end user: it says what to do instead.
    """
