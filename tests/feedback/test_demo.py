"""The feedback demo: ratings of returned demo dossiers and feedback, some answered and published."""

from __future__ import annotations

from egov.dossiers import demo as dossier_demo
from egov.feedback import demo
from egov.feedback.models import Feedback, FeedbackStatus, Rating


def test_the_demo_rates_returned_dossiers_and_answers_and_publishes_some_feedback(cast, flows):
    dossier_demo.build_demo(cast.province.root, per_flow=2)
    ratings, items = demo.build(seed=2026)
    assert ratings == Rating.objects.count() > 0
    assert items == Feedback.objects.count() == len(demo.ITEMS)
    assert Feedback.objects.filter(status=FeedbackStatus.ANSWERED).count() == 3
    assert Feedback.objects.filter(is_public=True).count() == 2
    assert Feedback.objects.filter(status=FeedbackStatus.NEW).count() == 2
    # Built again, it rates nothing twice.
    assert demo.build(seed=2026)[0] == 0
