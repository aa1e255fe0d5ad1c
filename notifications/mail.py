"""E-mail of notifications. Placeholder until N2's branch replaces this module."""


def queue_immediate(activity_id):
    """Queue the e-mails of the activity's notifications whose delivery is immediate."""
