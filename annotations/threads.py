"""A contribution's discussion as a tree, built in Python from one flat query."""

from dataclasses import dataclass, field


@dataclass
class Thread:
    """A comment and the replies under it; the page may attach the form to answer it."""

    comment: object
    replies: list["Thread"] = field(default_factory=list)
    reply_form: object = None


def threads(comments, annotation):
    """The top-level threads of `comments` on `annotation`, every level kept in the order given.

    Each comment gets `annotation` as already loaded, rather than loading its campaign
    (and the perimeter with it) once per row. A reply whose parent is not among
    `comments` (hidden from this reader) stands at the top level rather than
    disappearing with it.
    """
    nodes = {}
    for comment in comments:
        comment.annotation = annotation
        nodes[comment.pk] = Thread(comment)
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.comment.parent_id)
        (parent.replies if parent else roots).append(node)
    return roots


def walk(roots):
    """Every thread of the tree, depth first."""
    for node in roots:
        yield node
        yield from walk(node.replies)
