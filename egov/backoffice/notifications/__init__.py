"""Screens and writes for the notification templates (egov.channels.notifications holds the texts and the
rendering; who may change them and where the change is audited belong to the back office, as for the
calendar)."""
