"""A discussion as a tree, built in Python from one flat query, and laid out without recursion.

Any tree of comments (a contribution's, or another module's) goes through `threads()`
then `flatten()`, and renders with `templates/annotations/_thread.html`: one loop, however
deep the tree, so no reply chain can exhaust Python's or the template engine's recursion.
"""

from dataclasses import dataclass, field

from django.conf import settings


@dataclass
class Thread:
    """A comment and the replies under it; the page may attach the form to answer it.

    `flatten()` sets `depth` (1 at the top, at most COMMENT_MAX_DEPTH), whether the
    replies that follow open a nested level (`opens`), and how many levels end after it
    (`closing`, a range to loop over in a template)."""

    comment: object
    replies: list["Thread"] = field(default_factory=list)
    reply_form: object = None
    depth: int = 1
    opens: bool = False
    closing: range = range(0)


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


def flatten(roots, max_depth=None):
    """Every thread of the tree in reading order (depth first), each with its layout.

    Replies below `max_depth` (COMMENT_MAX_DEPTH by default; older discussions may go
    deeper) are shown at that depth, after their parent.
    """
    max_depth = max_depth or settings.COMMENT_MAX_DEPTH
    ordered = []
    pending = [(node, 1) for node in reversed(roots)]
    while pending:
        node, depth = pending.pop()
        node.depth = min(depth, max_depth)
        ordered.append(node)
        pending.extend((reply, depth + 1) for reply in reversed(node.replies))
    for index, node in enumerate(ordered):
        next_depth = ordered[index + 1].depth if index + 1 < len(ordered) else 1
        node.opens = next_depth > node.depth
        node.closing = range(max(node.depth - next_depth, 0))
    return ordered
