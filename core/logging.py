"""Logging filters."""

import logging
import re

# /accounts/reset/<uid>/<token>/ and /accounts/confirm-email/<signed value>/: whoever
# reads the log could open the account with them.
SECRET_LINK = re.compile(r"(/(?:reset|confirm-email)/)[^\s\"?]+")


class MaskSecretLinks(logging.Filter):
    """Replace the secret part of password-reset and e-mail confirmation paths with `***`,
    in the message and in every argument (Django's and gunicorn's request logs pass the
    path as an argument)."""

    def filter(self, record):
        record.msg = self.mask(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: self.mask(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(self.mask(value) for value in record.args)
        return True

    @staticmethod
    def mask(value):
        return SECRET_LINK.sub(r"\1***", value) if isinstance(value, str) else value
