"""Payments: the `PaymentProvider` port (`base.py`); one folder per vendor to come
(yookassa/)."""
