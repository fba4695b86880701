from django.urls import URLPattern, URLResolver, path

from egov.feedback.views import citizen, public, staff

app_name = "feedback"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.public_list, name="public"),
    path("<int:pk>/", public.public_detail, name="public_detail"),
    path("gui/", public.new, name="new"),
    path("da-gui/", public.sent, name="sent_nothing"),
    path("da-gui/<str:reference>/", public.sent, name="sent"),
    path("cua-toi/", citizen.mine, name="mine"),
    path("danh-gia/ho-so/<int:pk>/", citizen.rate, name="rate"),
    path("danh-gia/<int:pk>/<str:token>/", public.rate_by_link, name="rate_by_link"),
    path("quan-ly/", staff.inbox, name="inbox"),
    path("quan-ly/<int:pk>/", staff.handle, name="handle"),
    path("quan-ly/<int:pk>/<slug:action>/", staff.act, name="act"),
    path("quan-ly/phieu-danh-gia/<int:pk>/", staff.rating_card, name="rating_card"),
]
