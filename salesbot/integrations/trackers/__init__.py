"""Task trackers: the `TaskTracker` port (`base.py`); one folder per vendor to come (trello/,
clickup/, shortcut/, github/)."""
