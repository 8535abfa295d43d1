"""The case-audit pages. Each finds the user's part through `access.access_for` (404 for anyone
outside), reads through the selectors and writes through a service; a service's DomainError
goes on the field it names, and nothing is saved from a refused form. One module per part of the
case audit; the URLs find every page here."""

from .cases import attachment_add, attachment_download, attachment_remove, case_detail, evaluation, sample
from .contributors import contributor_remove, contributors, nominate, overview
from .documents import document, document_download
from .invitations import invitation, invitation_new_link
from .request import case_add, case_remove, request_edit, request_send
from .returns import accept_late, access_log, progress, reopen_ask, reopen_decide, submit

__all__ = [
    "case_detail",
    "evaluation",
    "attachment_add",
    "attachment_download",
    "attachment_remove",
    "sample",
    "invitation_new_link",
    "overview",
    "nominate",
    "contributors",
    "contributor_remove",
    "document",
    "document_download",
    "invitation",
    "request_edit",
    "case_add",
    "case_remove",
    "request_send",
    "submit",
    "reopen_ask",
    "reopen_decide",
    "accept_late",
    "progress",
    "access_log",
]
