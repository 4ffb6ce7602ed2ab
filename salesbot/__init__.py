"""Salesbot: a self-hostable AI sales assistant."""

__version__ = "0.1.0"
