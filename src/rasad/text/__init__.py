"""rasad.text."""
