"""Vector tiles written by PostGIS (ST_AsMVT, ST_AsMVTGeom) from a queryset.

The queryset is the one a list would show, with its visibility rules and
filters (`Annotation.objects.visible_to(user)`...): its SQL is wrapped, never
copied, so a rule added to the querysets reaches the tiles by itself.
Lines and polygons are simplified for the zoom but not cut at the tile's
edge, so a map draws each once (by its id) without seams. Each point lies in
exactly one tile. Points are gathered into clusters below `FEATURES_FROM_ZOOM`: a cell of the
tile holding one point gives the point itself, with its properties, and a cell
holding more gives one cluster, at their mean position, with their `count`.
"""

from django.contrib.gis.db.models.functions import Transform
from django.db import connection
from django.db.models import F, Value

# Tile coordinates run 0..EXTENT; BUFFER of them around the tile keeps lines and
# polygons from showing seams where tiles meet.
EXTENT = 4096
BUFFER = 64
# Cells per tile side: at 256 pixels a tile, a cluster stands for 64 pixels of map.
CLUSTER_CELLS = 4
FEATURES_FROM_ZOOM = 18
# Beyond the tile, the margin (a fraction of its side) that lines and polygons are read from.
MARGIN = BUFFER / EXTENT

CONTRIBUTIONS = "contributions"
FEATURES = "features"
CLUSTERS = "clusters"

TILE_SQL = """
WITH rows AS MATERIALIZED ({rows}),
points AS (
    SELECT id, weight, ST_XMin(tile_geometry) AS x, ST_YMin(tile_geometry) AS y
    FROM rows
    WHERE GeometryType(tile_geometry) = 'POINT'
      AND ST_XMin(tile_geometry) >= %s AND ST_XMin(tile_geometry) < %s
      AND ST_YMin(tile_geometry) > %s AND ST_YMin(tile_geometry) <= %s
),
cells AS (
    SELECT count(*) AS count, sum(weight) AS weight, avg(x) AS x, avg(y) AS y, min(id) AS first_id
    FROM points
    GROUP BY floor((x - %s) / %s), floor((y - %s) / %s)
),
drawn AS (
    SELECT {fields},
           ST_AsMVTGeom(ST_Simplify(tile_geometry, %s, true), ST_TileEnvelope(%s, %s, %s),
                        {extent}, {buffer}, false) AS geom
    FROM rows
    WHERE GeometryType(tile_geometry) <> 'POINT'
       OR id IN (SELECT CASE WHEN count = 1 OR %s THEN first_id END FROM cells)
       OR (%s AND id IN (SELECT id FROM points))
),
clusters AS (
    SELECT count, weight,
           ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(x, y), 3857), ST_TileEnvelope(%s, %s, %s),
                        {extent}, 0, false) AS geom
    FROM cells
    WHERE count > 1 AND NOT %s
)
SELECT coalesce((SELECT ST_AsMVT(drawn, %s, {extent}, 'geom', 'id')
                 FROM drawn WHERE geom IS NOT NULL), '')
    || coalesce((SELECT ST_AsMVT(clusters, '{clusters}', {extent}, 'geom')
                 FROM clusters WHERE geom IS NOT NULL), '')
"""


def tile_bytes(queryset, tile, layer_name, fields, weight=None):
    """The Mapbox Vector Tile of `queryset` on `tile`: a layer `layer_name` whose
    features carry `fields` (names of the queryset's columns or annotations, `id`
    first), and a layer `clusters` at low zooms. Each cluster's `weight` sums the
    `weight` field of its points (each point counts 1 without one). Empty bytes
    when nothing is in the tile."""
    rows = queryset.filter(geometry__bboverlaps=tile.envelope_4326(MARGIN)).annotate(
        tile_geometry=Transform("geometry", 3857)
    )
    rows = rows.annotate(weight=F(weight) if weight else Value(1)).order_by()
    rows_sql, rows_params = rows.values(*fields, "tile_geometry", "weight").query.sql_with_params()
    xmin, ymin, xmax, ymax = tile.bounds
    cell = tile.side / CLUSTER_CELLS
    every_feature = tile.z >= FEATURES_FROM_ZOOM
    envelope = [tile.z, tile.x, tile.y]
    params = [
        *rows_params,
        *(xmin, xmax, ymin, ymax),
        *(xmin, cell, ymin, cell),
        tile.side / EXTENT,
        *envelope,
        every_feature,
        every_feature,
        *envelope,
        every_feature,
        layer_name,
    ]
    sql = TILE_SQL.format(
        rows=rows_sql,
        fields=", ".join(connection.ops.quote_name(name) for name in fields),
        extent=EXTENT,
        buffer=BUFFER,
        clusters=CLUSTERS,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return bytes(cursor.fetchone()[0])

