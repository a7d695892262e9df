"""Writes for surveys, split by sub-domain: `schedule` (default question sets and the
assignments of check-ins), `answers` (answering, unlinkably) and `authoring` (custom surveys).

Every write on someone's behalf takes the `actor` and asks `upward.access`."""
