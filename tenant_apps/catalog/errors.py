from rest_framework import status

from shared_apps.core.errors import DomainError


class CatalogRuleBroken(DomainError):
    """Input breaks a catalog rule (hours, polygon, modifier limits, nesting); see `fields`."""

    code = "catalog_invalid"
    detail = "The catalog change breaks a rule."


class NestingTooDeep(DomainError):
    code = "modifier_nesting_too_deep"
    detail = "Modifier groups nest one level deep: a nested group's modifiers cannot have groups."


class ReorderMismatch(DomainError):
    code = "reorder_mismatch"
    detail = "Reorder must list every sibling exactly once."


class NotFoundHere(DomainError):
    code = "not_found"
    status_code = status.HTTP_404_NOT_FOUND
    detail = "No such object here."


class LocationNotFound(NotFoundHere):
    detail = "No such location here."


class InvalidImage(DomainError):
    code = "invalid_image"
    detail = "Images must be JPEG, PNG or WebP of at most 2 MB."


class ImportInvalid(DomainError):
    code = "menu_import_invalid"
    detail = "The menu document is not valid."
