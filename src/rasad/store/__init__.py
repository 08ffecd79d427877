"""rasad.store."""
