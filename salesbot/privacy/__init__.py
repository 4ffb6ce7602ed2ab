"""A person's data under 152-FZ: export, erasure on request and retention periods."""
