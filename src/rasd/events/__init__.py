"""Event extraction: triggers, frames, and the arguments of each frame."""
