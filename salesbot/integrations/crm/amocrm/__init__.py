"""amoCRM: the API client (`client.py`, `tokens.py`) and the `Crm` adapter (`adapter.py`)."""
