"""Notification templates: what each event tells a person, per channel, edited by administrators.

`events.py` names the events, their kind and their variables; `defaults.json` holds the shipped texts;
`NotificationTemplate` rows hold what administrators changed; `compose.py` renders and `send.py` enqueues.
"""
