"""Pages of the mentorship room, split by sub-domain."""
