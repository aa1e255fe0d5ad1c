"""Who may do what with a consultation on a text, declared once.

Residents take part (vote, comment, amend, support) while it is open; staff edit the
text, answer amendments and publish versions; moderators moderate the comments through
the contributions' own rules (`annotations.moderate_comment`), since they are comments.
Object: the consultation, unless said otherwise.
"""

import rules


@rules.predicate
def is_open(user, consultation):
    return consultation.is_open()


@rules.predicate
def amendment_is_open(user, amendment):
    return amendment.article.consultation.is_open()


@rules.predicate
def is_author(user, amendment):
    return amendment.author_id is not None and amendment.author_id == user.pk


# Who sees a consultation is a queryset, `Consultation.objects.visible_to(user)`. Names stay
# apart from Django's own model permissions (add_/change_/delete_/view_), which the admin
# asks without an object.
rules.add_perm("consultations.take_part", rules.is_authenticated & is_open)
rules.add_perm("consultations.edit_text", rules.is_staff)
# Object: the amendment.
rules.add_perm(
    "consultations.support_amendment", rules.is_authenticated & amendment_is_open & ~is_author
)
rules.add_perm("consultations.answer_amendment", rules.is_staff)
