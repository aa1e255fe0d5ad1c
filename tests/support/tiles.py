"""Reading vector tiles as QGIS would: through GDAL's MVT driver."""

import math

from django.contrib.gis.gdal import DataSource


def tile_of(point, z):
    """The (z, x, y) of the XYZ tile holding `point` (longitude, latitude)."""
    n = 2**z
    x = int((point.x + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(point.y))) / math.pi) / 2 * n)
    return z, x, y


def tile_url(layer, z, x, y, query=""):
    return f"/tiles/layers/{layer.pk}/{z}/{x}/{y}.mvt" + (f"?{query}" if query else "")


def read_tile(content, z, x, y, folder):
    """Each layer of the tile by name: a list of (attributes, geometry in WGS84).

    The file goes where GDAL reads its place from its path ({z}/{x}/{y}.pbf).
    """
    path = folder / str(z) / str(x) / f"{y}.pbf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    layers = {}
    for layer in DataSource(str(path)):
        layers[layer.name] = [
            (
                {field: feature.get(field) for field in layer.fields},
                feature.geom.transform(4326, clone=True).geos,
            )
            for feature in layer
        ]
    return layers


def read_page_tile(client, template, point, z, folder, query=""):
    """The tile at zoom `z` holding `point`, fetched at the address `template` a page gave
    ({z}/{x}/{y} to fill in) and read by GDAL; {} when the tile is empty."""
    z, x, y = tile_of(point, z)
    url = template.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y))
    response = client.get(url + (f"?{query}" if query else ""))
    assert response.status_code in (200, 204)
    return read_tile(response.content, z, x, y, folder) if response.status_code == 200 else {}
