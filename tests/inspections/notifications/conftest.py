import pytest


@pytest.fixture
def sink(settings):
    """A real SMTP server in this process (benchmarks/notifications_smtp_sink.py), which the
    dispatcher reaches through Django's SMTP backend, and which can be told to misbehave."""
    from benchmarks.notifications_smtp_sink import SmtpSink

    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = sink.host, sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()
