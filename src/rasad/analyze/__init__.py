"""rasad.analyze."""
