from django.urls import path

from . import offline

app_name = "fieldwork_offline"
urlpatterns = [
    # The service worker's own address sets its scope: this inspection's fieldwork pages.
    path("<reference:reference>/fieldwork/service-worker.js", offline.service_worker, name="service_worker"),
    path("<reference:reference>/fieldwork/manifest.webmanifest", offline.manifest, name="manifest"),
    path("<reference:reference>/fieldwork/offline/", offline.shell, name="shell"),
]
