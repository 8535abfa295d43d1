"""The nested apps add their parts to the core's registries through `NestedAppConfig`."""

from django.apps import apps

from inspections import next_steps, panels
from inspections.parts import NestedAppConfig


def test_every_nested_app_is_loaded_with_its_own_config():
    """Django takes an app's own config only when its `apps` module holds one AppConfig subclass:
    importing `NestedAppConfig` by name there would leave the app with a plain config, silently."""
    for label in ("notifications", "case_audits", "reports", "fieldwork", "areas"):
        config = apps.get_app_config(label)
        assert isinstance(config, NestedAppConfig)
        assert type(config).__module__ == f"{config.name}.apps"


def test_the_parts_an_app_names_are_registered():
    reports = apps.get_app_config("reports")
    assert reports.part("next_steps.factual_accuracy_steps") in next_steps._providers
    assert "reports/_letter_summary_row.html" in panels.panels_in("inspection_summary")
