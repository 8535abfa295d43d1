from django.urls import include, path

from . import offline

app_name = "fieldwork_offline"
# The service worker's own address sets its scope: this inspection's fieldwork pages.
offline_pages = [
    path("service-worker.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("offline/", offline.shell, name="shell"),
]
urlpatterns = [path("<str:reference>/fieldwork/", include(offline_pages))]
