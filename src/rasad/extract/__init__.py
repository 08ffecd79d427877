"""rasad.extract."""
