"""The lead's mirror in the sales team's CRM: what is sent (`cards.py`), the sync job
(`sync.py`), stage changes coming back (`status.py`), and the admins' set-up (`mapping.py`,
`connection.py`, `endpoints.py`)."""
