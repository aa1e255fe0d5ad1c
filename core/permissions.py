"""The API asks django-rules (each app's `rules.py`) whether a user may act on an object."""

import rules
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ActionRules(BasePermission):
    """Reads are open; a write needs an authenticated user (else 401) and, on an object,
    the django-rules permission the view names for the action in `action_rules`.
    A write action with no rule named is refused; a view's `refusal_message(obj)` may say
    why in the 403."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or request.user.is_authenticated

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        rule = view.action_rules.get(view.action)
        if rule is not None and rules.has_perm(rule, request.user, obj):
            return True
        explain = getattr(view, "refusal_message", None)
        reason = explain(obj) if explain else None
        if reason:
            self.message = reason
        return False
