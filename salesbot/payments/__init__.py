"""Payments of quotes: a YooKassa link (or an invoice a manager confirms), the notifications
read back from YooKassa, the attempts a quote may have."""
