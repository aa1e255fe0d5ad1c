"""What one export holds: the campaign or layer, the API's filters, the format and the SRID.

Built from a request by the view, stored with an export job, and rebuilt from it by the
worker, so a file built later holds exactly what the request asked for.
"""

import hashlib
import json
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils.datastructures import MultiValueDict

from layers.models import Layer

from ..filters import AnnotationFilter
from ..models import Annotation
from ..properties import contribution_properties

# Parameters that choose the file rather than filter its rows.
FILE_PARAMETERS = {"format", "srid", "campaign", "layer"}


def filter_query(params):
    """The API filters among `params` (a QueryDict), as sorted lists: what the rows depend on."""
    return {
        name: sorted(params.getlist(name))
        for name in sorted(params)
        if name in AnnotationFilter.base_filters and name not in FILE_PARAMETERS
    }


@dataclass(frozen=True)
class ExportSelection:
    campaign: object
    layer: object
    format: str
    srid: int
    query: dict = field(default_factory=dict)
    # Only for `?author=me`.
    user: object = None
    # Where photos are served, for their addresses in the file (`contribution_properties`).
    photos_url: str = ""

    def rows(self):
        """The visible contributions the export holds, sorted by id, with their counts."""
        data = MultiValueDict(self.query)
        if self.layer is not None:
            data.setlist("layer", [str(self.layer.pk)])
        else:
            data.setlist("campaign", [self.campaign.slug])
        filters = AnnotationFilter(
            data,
            queryset=Annotation.objects.visible(),
            request=SimpleNamespace(user=self.user),
        )
        return filters.qs.order_by("pk")

    def properties(self):
        return contribution_properties(self.campaign.show_author_names, self.photos_url)

    @property
    def name(self):
        layer = [f"layer{self.layer.pk}"] if self.layer is not None else []
        return "-".join(["contributions", self.campaign.slug, *layer, str(self.srid)])

    def layer_versions(self):
        """Each contribution layer read and its content version, as `id:version` text."""
        layers = Layer.objects.filter(campaign=self.campaign, kind=Layer.Kind.CONTRIBUTION)
        if self.layer is not None:
            layers = layers.filter(pk=self.layer.pk)
        return ",".join(
            f"{pk}:{v}" for pk, v in layers.order_by("pk").values_list("pk", "content_version")
        )

    def key(self):
        """The same text for the same rows in the same file, as long as no layer changed."""
        described = {
            "format": self.format,
            "srid": self.srid,
            "campaign": self.campaign.pk,
            "layer": self.layer.pk if self.layer is not None else None,
            "query": self.query,
            "user": self.user.pk if self.user is not None else None,
            "author_names": self.campaign.show_author_names,
            "photos_url": self.photos_url,
            "versions": self.layer_versions(),
        }
        return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()
