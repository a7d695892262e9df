"""Matching pages, split by sub-domain like the services: `runs`, `review`, `consultation`."""
