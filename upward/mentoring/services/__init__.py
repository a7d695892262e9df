"""Writes for mentoring, split by sub-domain (charters, meetings, journal, safety and closure).

Every service takes the acting user and checks membership itself, so a view or API endpoint that
forgot a check still cannot write into someone else's pair.
"""
