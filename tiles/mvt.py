"""Vector tiles written by PostGIS (ST_AsMVT, ST_AsMVTGeom) from a queryset.

The queryset is the one a list would show, with its visibility rules and
filters (`Annotation.objects.visible_to(user)`...): its SQL is wrapped, never
copied, so a rule added to the querysets reaches the tiles by itself.
Lines and polygons are simplified for the zoom but not cut at the tile's
edge, so a map draws each once (by its id) without seams. Each point lies in
exactly one tile. Points are gathered into clusters below `FEATURES_FROM_ZOOM`: a cell of the
tile holding one point gives the point itself, with its properties, and a cell
holding more gives one cluster, at their mean position kept `MARKER_MARGIN` inside its
cell (so neighbouring markers never overlap, across a tile's edge too), with their `count`.
"""

from django.contrib.gis.db.models.functions import Transform
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField, F, Func, Value

from annotations.models import CELL_LEVELS

from .grid import EARTH_RADIUS, WORLD_HALF

# Tile coordinates run 0..EXTENT; BUFFER of them around the tile keeps lines and
# polygons from showing seams where tiles meet.
EXTENT = 4096
BUFFER = 64
# Cells per tile side: at 256 pixels a tile, a cluster stands for 64 pixels of map. The
# cells of a tile at zoom z are the tiles of zoom z + CLUSTER_ZOOMS.
CLUSTER_ZOOMS = 2
CLUSTER_CELLS = 2**CLUSTER_ZOOMS
FEATURES_FROM_ZOOM = 18
# Beyond the tile, the margin (a fraction of its side) that lines and polygons are read from.
MARGIN = BUFFER / EXTENT

# Lines and polygons are found by the partial index annotations migration 0015 makes.
GEOMETRY_TYPE = Func("geometry", function="GeometryType", output_field=CharField())

CONTRIBUTIONS = "contributions"
FEATURES = "features"
CLUSTERS = "clusters"

# Web Mercator from degrees, as PostGIS's ST_Transform(…, 3857) computes it, written out:
# over millions of points, a formula costs a fraction of a projection call each.
MERCATOR_X = f"ST_XMin(geometry) * {WORLD_HALF / 180!r}"
MERCATOR_Y = f"ln(tan(radians(90 + ST_YMin(geometry)) / 2)) * {EARTH_RADIUS!r}"

# A cluster's marker stands at its points' mean, moved at least this fraction of a cell's
# side inside its cell: 20 px of a 64 px cell, half of static/js/tile_layer.js's 40 px
# marker, so the markers of neighbouring cells, in one tile or across a tile's edge,
# never overlap.
MARKER_MARGIN = 20 / 64
# The cluster cells' grid of a tile: its corner, the cells' side, the margin.
GRID_SQL = "SELECT %s::float8 AS x0, %s::float8 AS y0, %s::float8 AS side, %s::float8 AS margin"


def _inside_cell(value, origin):
    position = f"(({value}) - grid.{origin}) / grid.side"
    within = f"least(greatest({position} - floor({position}), grid.margin), 1 - grid.margin)"
    return f"grid.{origin} + grid.side * (floor({position}) + {within})"


CLUSTER_POINT = (
    f"ST_SetSRID(ST_MakePoint({_inside_cell('x', 'x0')}, {_inside_cell('y', 'y0')}), 3857)"
)

# One pass over the rows in the tile: a point falls in a cell of the tile's grid, a line
# or a polygon is a group of its own. A cell of the margin around the tile (its points'
# mean lies outside) belongs to the neighbouring tile.
CLUSTERS_SQL = f"""
WITH located AS (
    SELECT id, weight, GeometryType(geometry) = 'POINT' AS is_point,
           {MERCATOR_X} AS x, {MERCATOR_Y} AS y
    FROM ({{rows}}) AS rows
),
cells AS MATERIALIZED (
    SELECT count(*) AS count, sum(weight) AS weight, avg(x) AS x, avg(y) AS y,
           min(id) AS first_id, bool_and(is_point) AS points
    FROM located
    GROUP BY CASE WHEN is_point THEN floor((x - %s) / %s) END,
             CASE WHEN is_point THEN floor((y - %s) / %s) ELSE -id END
),
kept AS (
    SELECT * FROM cells
    WHERE NOT points OR (x >= %s AND x < %s AND y > %s AND y <= %s)
),
grid AS ({GRID_SQL})
SELECT
    coalesce((
        SELECT ST_AsMVT(clusters, '{CLUSTERS}', {EXTENT}, 'geom')
        FROM (
            SELECT count, weight,
                   ST_AsMVTGeom({CLUSTER_POINT},
                                ST_TileEnvelope(%s, %s, %s), {EXTENT}, 0, false) AS geom
            FROM kept, grid WHERE count > 1
        ) AS clusters
        WHERE geom IS NOT NULL
    ), ''),
    ARRAY(SELECT first_id FROM kept WHERE count = 1)
"""

# The same clusters from the counts kept by cell (annotations.ContributionCell): the cells of
# the level read that lie in the tile, summed by cluster cell; with what the cells do not
# count that the viewer sees (their own unpublished points), as cells of one point. A
# cluster cell holding one point gives its id (the sum of one id), as do the tile's lines
# and polygons (`shapes`).
COUNTED_CLUSTERS_SQL = f"""
WITH cells AS MATERIALIZED (
    SELECT sum(count)::bigint AS count, sum(weight)::bigint AS weight,
           (sum(sum_x) / sum(count) / 1000)::float8 AS x,
           (sum(sum_y) / sum(count) / 1000)::float8 AS y, sum(sum_id)::bigint AS only_id
    FROM ({{cells}}) AS cells
    GROUP BY x >> %s, y >> %s
    HAVING sum(count) > 0
),
grid AS ({GRID_SQL})
SELECT
    coalesce((
        SELECT ST_AsMVT(clusters, '{CLUSTERS}', {EXTENT}, 'geom')
        FROM (
            SELECT count, weight,
                   ST_AsMVTGeom({CLUSTER_POINT},
                                ST_TileEnvelope(%s, %s, %s), {EXTENT}, 0, false) AS geom
            FROM cells, grid WHERE count > 1
        ) AS clusters
        WHERE geom IS NOT NULL
    ), ''),
    ARRAY(SELECT only_id FROM cells WHERE count = 1 UNION ALL SELECT id FROM ({{shapes}}) AS shapes)
"""
# A point the cells do not count, as a cell of its own at `level` (the triggers of
# annotations migration 0015 place it alike).
UNCOUNTED_SQL = f"""
SELECT floor((x + {WORLD_HALF!r}) * 2 ^ %s / {2 * WORLD_HALF!r})::int AS x,
       floor(({WORLD_HALF!r} - y) * 2 ^ %s / {2 * WORLD_HALF!r})::int AS y,
       1 AS count, weight, round(x * 1000)::bigint AS sum_x, round(y * 1000)::bigint AS sum_y,
       id AS sum_id
FROM (
    SELECT id, weight, {MERCATOR_X} AS x, {MERCATOR_Y} AS y FROM ({{rows}}) AS rows
    WHERE GeometryType(geometry) = 'POINT'
) AS located
"""

FEATURES_SQL = f"""
SELECT coalesce((
    SELECT ST_AsMVT(drawn, %s, {EXTENT}, 'geom', 'id')
    FROM (
        SELECT {{fields}},
               ST_AsMVTGeom(ST_Simplify(tile_geometry, %s, true), ST_TileEnvelope(%s, %s, %s),
                            {EXTENT}, {BUFFER}, false) AS geom
        FROM ({{rows}}) AS rows
    ) AS drawn
    WHERE geom IS NOT NULL
), '')
"""


def tile_bytes(queryset, tile, layer_name, fields, weight=None):
    """The Mapbox Vector Tile of `queryset` on `tile`: a layer `layer_name` whose
    features carry `fields` (names of the queryset's columns or annotations, `id`
    first), and a layer `clusters` at low zooms. Each cluster's `weight` sums the
    `weight` field of its points (each point counts 1 without one). Empty bytes
    when nothing is in the tile."""
    in_tile = queryset.filter(geometry__bboverlaps=tile.envelope_4326(MARGIN)).order_by()
    if tile.z >= FEATURES_FROM_ZOOM:
        return _features(in_tile, tile, layer_name, fields)
    # First the clusters, from the points' positions alone; then the features drawn as
    # themselves (lone points, lines, polygons), fetched by id.
    located = in_tile.annotate(weight=F(weight) if weight else Value(1))
    try:
        rows_sql, rows_params = located.values("id", "weight", "geometry").query.sql_with_params()
    except EmptyResultSet:
        return b""
    xmin, ymin, xmax, ymax = tile.bounds
    cell = tile.side / CLUSTER_CELLS
    params = [*rows_params, xmin, cell, ymin, cell, xmin, xmax, ymin, ymax, *_grid(tile)]
    params += [tile.z, tile.x, tile.y]
    with connection.cursor() as cursor:
        cursor.execute(CLUSTERS_SQL.format(rows=rows_sql), params)
        clusters, drawn_ids = cursor.fetchone()
    return _features(queryset.filter(pk__in=drawn_ids), tile, layer_name, fields) + bytes(clusters)


def counted_tile_bytes(contributions, cells, uncounted, tile, layer_name, fields):
    """What `tile_bytes(contributions, tile, layer_name, fields, weight="participant_count")`
    gives below `FEATURES_FROM_ZOOM`, from the counts kept by cell instead of the points:
    `cells` (ContributionCell) counts what the viewer sees of `contributions` but
    `uncounted` (their own contributions the cells leave out; None when there are none)."""
    level = next(level for level in CELL_LEVELS if level >= tile.z + CLUSTER_ZOOMS)
    span = 1 << level - tile.z  # cells of the level along the tile's side
    x, y = tile.x * span, tile.y * span
    in_tile = cells.filter(
        level=level, x__gte=x, x__lt=x + span, y__gte=y, y__lt=y + span, count__gt=0
    ).values("x", "y", "count", "weight", "sum_x", "sum_y", "sum_id")
    cells_sql, params = in_tile.order_by().query.sql_with_params()
    envelope = tile.envelope_4326(MARGIN)
    if uncounted is not None:
        points = uncounted.filter(geometry__bboverlaps=tile.envelope_4326()).order_by()
        try:
            rows_sql, rows_params = (
                points.annotate(weight=F("participant_count"))
                .values("id", "weight", "geometry")
                .query.sql_with_params()
            )
        except EmptyResultSet:
            pass
        else:
            cells_sql = f"{cells_sql} UNION ALL {UNCOUNTED_SQL.format(rows=rows_sql)}"
            params = (*params, level, level, *rows_params)
    shapes = contributions.alias(shape=GEOMETRY_TYPE).exclude(shape="POINT")
    shapes_sql, shapes_params = (
        shapes.filter(geometry__bboverlaps=envelope).order_by().values("id").query.sql_with_params()
    )
    shift = level - tile.z - CLUSTER_ZOOMS
    sql = COUNTED_CLUSTERS_SQL.format(cells=cells_sql, shapes=shapes_sql)
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [*params, shift, shift, *_grid(tile), tile.z, tile.x, tile.y, *shapes_params]
        )
        clusters, drawn_ids = cursor.fetchone()
    return _features(contributions.filter(pk__in=drawn_ids), tile, layer_name, fields) + bytes(
        clusters
    )


def _grid(tile):
    xmin, ymin, _, _ = tile.bounds
    return [xmin, ymin, tile.side / CLUSTER_CELLS, MARKER_MARGIN]


def _features(queryset, tile, layer_name, fields):
    rows = queryset.annotate(tile_geometry=Transform("geometry", 3857)).order_by()
    try:
        rows_sql, rows_params = rows.values(*fields, "tile_geometry").query.sql_with_params()
    except EmptyResultSet:  # what selects nothing (no id to draw) is not sent to the database
        return b""
    sql = FEATURES_SQL.format(
        rows=rows_sql, fields=", ".join(connection.ops.quote_name(name) for name in fields)
    )
    params = [layer_name, tile.side / EXTENT, tile.z, tile.x, tile.y, *rows_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return bytes(cursor.fetchone()[0])
