"""Graph nodes: one per file."""
