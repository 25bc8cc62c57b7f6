"""Sub-commands of the core workflow."""
