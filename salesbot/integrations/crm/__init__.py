"""CRM: the `Crm` port (`base.py`), the adapter the settings choose (`factory.py`), and one
folder per vendor (`amocrm/`)."""
