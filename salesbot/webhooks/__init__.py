"""The webhook ledger: inbound webhooks stored once, answered at once, handled in a job."""
