"""The project's one error hierarchy. Foreign exceptions are translated at the edge."""

from __future__ import annotations


class MapError(Exception):
    """Root of every error diplomap raises on purpose."""


class ExtractionError(MapError):
    """Text could not be turned into place mentions."""


class ModelUnavailable(ExtractionError):
    """The spaCy model package is not installed."""


class RoleModelError(ExtractionError):
    """The role model's files are missing or unreadable."""


class GeocodingError(MapError):
    """A place could not be geocoded because something failed (not because it is unknown)."""


class GeocoderUnavailable(GeocodingError):
    """An online geocoder could not be asked: network down, timeout, bad answer."""


class GazetteerError(GeocodingError):
    """The offline gazetteer could not be built or loaded."""


class StoreError(MapError):
    """The article store could not be read or written."""


class IngestError(MapError):
    """A file was refused. ``code`` is machine-readable, the message is for a person."""

    def __init__(self, code: str, message: str, *, filename: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.filename = filename

    def __str__(self) -> str:
        prefix = f"{self.filename}: " if self.filename else ""
        return f"{prefix}{self.message} [{self.code}]"
