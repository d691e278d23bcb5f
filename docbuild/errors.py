"""docbuild's exception hierarchy: every error names the input and the cause.

Raise when an input is unusable; log a warning when something was repaired. Per-document
failures are caught in one place only (the pipeline), which records ``reason`` in the manifest.
"""

from __future__ import annotations


class DocbuildError(Exception):
    """Base class; ``reason`` is the short machine-readable cause written to the manifest."""

    reason = "error"

    def __init__(self, source: str, message: str) -> None:
        self.source = str(source)
        self.message = message
        super().__init__(f"{self.source}: {message}")

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # Errors cross process boundaries (worker pools, Ray); subclasses whose __init__ differs
        # (MissingDependency) would not unpickle from the default (cls, args) recipe.
        return (_rebuild, (type(self), self.source, self.message))


def _rebuild(cls: type[DocbuildError], source: str, message: str) -> DocbuildError:
    error = cls.__new__(cls)
    DocbuildError.__init__(error, source, message)
    return error


class ParseError(DocbuildError):
    """The input is of a supported kind but could not be read (corrupt, truncated …)."""

    reason = "parse_error"


class EncryptedInput(ParseError):
    """The document needs a password we were not given (or the one given is wrong)."""

    reason = "encrypted"


class UnsupportedInput(DocbuildError):
    """The input is not of a kind this command handles (a text file named .pdf …)."""

    reason = "unsupported"


class EmptyInput(DocbuildError):
    """The input has no bytes or no content to extract."""

    reason = "empty"


class ResourceLimit(DocbuildError):
    """A document exceeded a configured limit (time, memory, pixels, nesting depth)."""

    reason = "resource_limit"


class MissingDependency(DocbuildError):
    """An optional package or system binary is needed; the message says how to install it."""

    reason = "missing_dependency"

    def __init__(self, what: str, hint: str) -> None:
        super().__init__(what, f"not installed; {hint}")


class FetchError(DocbuildError):
    """A URL could not be fetched or is not usable; ``reason`` is the short cause (timeout, http_404 …)."""

    reason = "fetch_error"

    def __init__(self, url: str, message: str, reason: str) -> None:
        super().__init__(url, message)
        self.reason = reason

    def __reduce__(self) -> tuple[type[FetchError], tuple[str, str, str]]:
        # the reason is per instance (the base recipe would reset it to the class default)
        return (FetchError, (self.source, self.message, self.reason))


def require(module: str, extra: str) -> object:
    """Import an optional dependency lazily, or fail with the pip command that fixes it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependency(module, f"install it with: pip install 'docbuild[{extra}]'") from exc
