"""The filing pages: the drafts list and the start page (drafts.py), the journey's steps (steps.py), the
check page, the submission and its confirmation (check.py)."""
