"""gunicorn reads this file from the working directory: its request log masks the secret part
of password-reset and e-mail confirmation links, like Django's logs (core/logging.py)."""

from gunicorn.glogging import Logger

from core.logging import MaskSecretLinks


class MaskingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            for handler in log.handlers:
                handler.addFilter(MaskSecretLinks())


logger_class = MaskingLogger
