"""The lead's card on the sales team's task trackers (Trello, ClickUp, Shortcut, GitHub
Projects): what it says (`tickets.py`), keeping it up to date (`sync.py`, `tasks.py`) and the
admins' mapping (`endpoints.py`); docs/trackers.md."""
