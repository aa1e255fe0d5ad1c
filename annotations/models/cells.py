from django.db import models

from layers.models import Category

from .contributions import Annotation, sees_everything

# The zooms whose XYZ tiles are the cells counted, finest last. A map's tile at zoom z groups
# its points into cells of zoom z + 2 (tiles/mvt.py) and reads the coarsest level at least
# that fine: from zoom 8 up, a tile sums at most 16 by 16 cells of each kind, whatever the
# number of points.
CELL_LEVELS = (10, 13, 16, 19)


class ContributionCellQuerySet(models.QuerySet):
    def visible(self):
        """Cells of what anyone may see, as `Annotation.objects.visible()` says."""
        return self.filter(is_hidden=False).exclude(status__in=Annotation.UNPUBLISHED_STATUSES)

    def visible_to(self, user):
        """Cells of what `user` sees, but their own contributions the public does not see
        (`Annotation.objects.own_beyond_public(user)`): the cells count no one's."""
        if sees_everything(user):
            return self
        return self.visible().filter(layer__campaign__is_published=True)

    def filtered(self, category=None, status=None, collective=None, hidden=None):
        """The list's filters (annotations/filters.py) on the cells: the values a valid
        `AnnotationFilter` cleaned, empty or None when not asked for."""
        cells = self
        if category:
            cells = cells.filter(category__in=category)
        if status:
            cells = cells.filter(status__in=status)
        if collective is not None:
            cells = cells.filter(is_collective=collective)
        if hidden is not None:
            cells = cells.filter(is_hidden=hidden)
        return cells


class ContributionCell(models.Model):
    """How many of a layer's contributions lie in one cell of the Web Mercator grid, for
    each category, status, moderation state and kind (collective or not), with what a
    cluster of them needs: the people they speak for, their mean position and, alone in
    their cell, which one it is.

    Kept by PostgreSQL triggers in the transaction that writes the contributions
    (migration annotations 0015), so tiles and statistics sum a few cells instead of
    reading every contribution, and never drift from them. Lines and polygons count
    without a cell (`x` and `y` null): statistics include them, clusters do not.
    Sums are integers (positions in millimetres) so that what a write adds, its
    deletion takes away exactly. Rows whose `count` fell to 0 stay, for the next write.
    """

    layer = models.ForeignKey(
        "layers.Layer",
        on_delete=models.DO_NOTHING,
        # Removed by a trigger with the layer (migration 0015), after its contributions.
        db_constraint=False,
        # The first column of the key below serves the lookups by layer.
        db_index=False,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField()
    x = models.IntegerField(null=True)
    y = models.IntegerField(null=True)
    category = models.CharField(max_length=16, choices=Category)
    status = models.CharField(max_length=16, choices=Annotation.Status)
    is_hidden = models.BooleanField()
    is_collective = models.BooleanField()
    count = models.IntegerField()
    # The sum of the contributions' participant_count.
    weight = models.BigIntegerField()
    # Sums of the Web Mercator coordinates in millimetres, and of the ids: with one
    # contribution left in the cell, its position and its id.
    sum_x = models.BigIntegerField()
    sum_y = models.BigIntegerField()
    sum_id = models.BigIntegerField()

    objects = ContributionCellQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "layer",
                    "level",
                    "x",
                    "y",
                    "category",
                    "status",
                    "is_hidden",
                    "is_collective",
                ],
                nulls_distinct=False,
                name="contribution_cell_key",
            ),
        ]

    def __str__(self):
        return f"{self.layer_id} {self.level}/{self.x}/{self.y} {self.category}: {self.count}"
