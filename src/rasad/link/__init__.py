"""rasad.link."""
