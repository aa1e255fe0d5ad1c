from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person using geoconsult: a resident, a moderator or a member of city staff.

    Residents are shown to others only by `display_name`; e-mail and account
    data never leave the service (docs/principles.md, principle 6).
    """

    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("The name shown beside your contributions."),
    )
    is_moderator = models.BooleanField(
        _("moderator"),
        default=False,
        help_text=_("May hide and restore contributions and comments."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.public_name

    @property
    def public_name(self):
        """The name others see: the display name, else the first name, else the username."""
        return self.display_name or self.first_name or self.username
