"""Customer channels: one adapter per channel behind the port in base.py."""
