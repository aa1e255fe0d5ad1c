"""Sign-up and e-mail confirmation: what is sent, and what a confirmation link does.

Links are signed (django.core.signing) with the account and the address they confirm;
they last EMAIL_CONFIRMATION_DAYS. Whether an address or a username is taken is said
only to the address's owner, by e-mail, never on the page.
"""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import User

CONFIRMATION_SALT = "accounts.confirm-email"


def send(template, address, request, **context):
    """One e-mail from `accounts/email/<template>.txt`: first line the subject, then the body."""
    context.update(site=request.get_host(), scheme=request.scheme)
    subject, body = render_to_string(f"accounts/email/{template}.txt", context).split("\n", 1)
    send_mail(subject.strip(), body.strip() + "\n", None, [address])


def send_confirmation(user, address, request):
    """The link that confirms `address` for `user` (a new account's, or a new address)."""
    token = signing.dumps({"user": user.pk, "email": address}, salt=CONFIRMATION_SALT)
    link = request.build_absolute_uri(reverse("confirm-email", args=[token]))
    send("confirm", address, request, user=user, link=link, days=settings.EMAIL_CONFIRMATION_DAYS)


def sign_up(form, request):
    """Create the account from a valid SignUpForm, unconfirmed, and e-mail its link; or, when
    the username or address is taken, e-mail the address's owner what to do. Returns the
    new account or None; the page says the same either way."""
    email = form.cleaned_data["email"]
    existing = User.objects.filter(email__iexact=email).first()
    if existing:
        send("already_registered", email, request, user=existing)
        return None
    username = form.cleaned_data["username"]
    if not User.objects.filter(username__iexact=username).exists():
        user = form.save(commit=False)
        user.email_confirmed = False
        # E-mails speak the language the person signed up in (changed on their settings).
        user.language = translation.get_supported_language_variant(translation.get_language())
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            pass  # The same username, signed up at the same moment.
        else:
            send_confirmation(user, email, request)
            return user
    send("username_taken", email, request, username=username)
    return None


def confirm_email(token):
    """The account whose address a link confirms, now confirmed (and changed, for a new
    address). Raises ValidationError for a broken, expired or outdated link."""
    try:
        data = signing.loads(
            token, salt=CONFIRMATION_SALT, max_age=settings.EMAIL_CONFIRMATION_DAYS * 86400
        )
        user = User.objects.get(pk=data["user"])
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError):
        raise ValidationError(
            _("This link is broken or too old: ask for a new one on your account page."),
            code="bad_link",
        ) from None
    email = data["email"]
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError(
            _("Another account uses this address now: it cannot be yours too."), code="taken"
        )
    user.email = email
    user.email_confirmed = True
    user.save(update_fields=["email", "email_confirmed"])
    return user
