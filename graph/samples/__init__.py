"""Sample articles shipped for the demo."""
