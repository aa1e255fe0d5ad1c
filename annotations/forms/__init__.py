"""Forms of the contributions' pages."""
