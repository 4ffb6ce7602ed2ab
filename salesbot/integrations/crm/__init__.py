"""CRM: the `Crm` port (`base.py`); one folder per vendor to come (amocrm/: client.py,
adapter.py)."""
