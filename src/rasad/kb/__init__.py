"""rasad.kb."""
