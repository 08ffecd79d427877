"""rasad.ingest."""
