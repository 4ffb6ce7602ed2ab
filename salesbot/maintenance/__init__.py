"""Chores over the whole database, run from the CLI (above every other package, since
they touch every table)."""
