"""rasad: offline news intelligence for Persian and Arabic media."""

from rasad.doc import Doc

__all__ = ["Doc", "__version__"]
__version__ = "0.1.0"
