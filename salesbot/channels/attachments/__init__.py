"""Files visitors attach: type read from the content, stored under random names."""
