"""Program pages, one module per sub-domain (the same names as the services and the API):
`programs` (design, phases, the sponsor's summary), `enrolment` (participants, invitations,
consent, intake, withdrawal), `training`, `interest` (the interest survey), `topics`."""
