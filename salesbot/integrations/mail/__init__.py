"""Mail: the `Mailer` port (`base.py`) and its adapters (`smtp.py`)."""
