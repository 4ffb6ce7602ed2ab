"""Everything that talks to a service outside the product, one folder per capability, one
adapter per vendor (docs/integrations.md)."""
