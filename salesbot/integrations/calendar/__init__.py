"""Calendars: the `Calendar` port (`base.py`); one folder per vendor to come (google/)."""
