"""Reads for surveys, split by sub-domain: `surveys` (a program's surveys, fetched through
access), `assignments` (the reminders' due lists, each person's own surveys) and `results`
(aggregates above the anonymity threshold)."""
