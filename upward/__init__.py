"""Upward: reverse-mentoring programs, end to end."""
