from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token


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

    # True by default: accounts made by staff (admin, createsuperuser, the demo) are trusted;
    # sign-up sets it to False until the person follows the link e-mailed to them.
    email_confirmed = models.BooleanField(
        _("e-mail confirmed"),
        default=True,
        help_text=_("Only confirmed accounts may contribute, comment, vote, report or register."),
    )

    # The language of the e-mails the service sends them: the page's language when they
    # signed up, changed on their account page.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails we send you."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.public_name

    @property
    def public_name(self):
        """The name others see: the display name, else the first name, else the username;
        staff never show their login name, they speak for the city."""
        fallback = settings.OFFICIAL_NAME if self.is_official else self.username
        return self.display_name or self.first_name or fallback

    @property
    def is_official(self):
        """Staff and moderators: their messages carry the official badge."""
        return self.is_staff or self.is_moderator

    def save(self, *args, **kwargs):
        # set_password() keeps the new password here until the save.
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            # Whoever held a token may be whoever the new password locks out.
            Token.objects.filter(user=self).delete()
