"""Planning: briefs -> album/track plans -> pipeline configs."""
