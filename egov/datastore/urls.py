from django.urls import URLPattern, URLResolver

app_name = "datastore"
urlpatterns: list[URLPattern | URLResolver] = []
