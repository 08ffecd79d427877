"""rasad.web."""
