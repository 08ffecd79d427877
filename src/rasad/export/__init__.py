"""rasad.export."""
