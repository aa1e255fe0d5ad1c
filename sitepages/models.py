"""The pages every public site owes its visitors (legal notice, accessibility statement,
contact), written by staff in the admin, one text per language."""

import nh3
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .defaults import PAGES

# What staff may write in a page: structure and links, nothing that runs or styles.
ALLOWED_TAGS = {"h2", "h3", "p", "ul", "ol", "li", "a", "strong", "em", "br", "address", "abbr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "hreflang"}, "abbr": {"title"}}


class SitePageQuerySet(models.QuerySet):
    def in_language(self, slug, language=None):
        """The page in `language` (the request's) as staff wrote it, else its first text:
        a page the site owes its visitors never goes missing. None for an unknown page."""
        language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
        page = self.filter(slug=slug, language=language).first()
        if page is None and (slug, language) in PAGES:
            title, body = PAGES[slug, language]
            page = SitePage(slug=slug, language=language, title=title, body=body)
        return page


class SitePage(models.Model):
    class Slug(models.TextChoices):
        LEGAL_NOTICE = "legal-notice", _("Legal notice")
        ACCESSIBILITY = "accessibility", _("Accessibility")
        CONTACT = "contact", _("Contact")

    slug = models.CharField(_("page"), max_length=20, choices=Slug.choices)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "HTML: headings (h2, h3), paragraphs, lists, links, bold and italics; "
            "anything else is removed when the page is shown."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SitePageQuerySet.as_manager()

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        ordering = ["slug", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "language"],
                name="one_site_page_per_language",
                violation_error_message=_("This page already exists in this language."),
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.language})"

    def get_absolute_url(self):
        return reverse("sitepages:page", args=[self.slug])

    def body_html(self):
        # nh3 keeps only the allow-list above.
        return mark_safe(
            nh3.clean(
                self.body,
                tags=ALLOWED_TAGS,
                attributes=ALLOWED_ATTRIBUTES,
                url_schemes={"http", "https", "mailto", "tel"},
            )
        )
