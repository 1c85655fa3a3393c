"""The planner's genres are the one genre vocabulary in engine/genres.py (names in five
languages, tempo ranges, meters, caption tags, instruments, presets, the sketch timbre).
Re-exported here for the agent's modules; learned heuristics from the catalog refine
the presets later."""

from __future__ import annotations

from engine.genres import DEFAULT_GENRE, GENRES, Genre, GenrePreset, find_genre, genre

__all__ = ["DEFAULT_GENRE", "GENRES", "Genre", "GenrePreset", "find_genre", "genre"]
