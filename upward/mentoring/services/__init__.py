"""Writes for mentoring, split by sub-domain (charters, meetings, journal, safety and closing).

Every service takes the `actor` and asks `upward.access` (`require_member`, `require_writer`,
`require_manage`), so a view or API endpoint that forgot a check still cannot write into someone
else's pair: anyone outside it gets 404. Refusals are `upward.errors.ServiceError`. Reactions of
the apps above mentoring (invitations, celebrations) follow the events in
`upward.mentoring.events`.
"""
