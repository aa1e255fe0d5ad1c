"""GIS files made in the tests with GDAL's own ogr2ogr, from small GeoJSON."""

import json
import subprocess
import zipfile


def feature(geometry, **properties):
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def point(x, y):
    return {"type": "Point", "coordinates": [x, y]}


def square(x, y, size=0.001):
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def bowtie(x, y, size=0.001):
    """A self-crossing polygon: invalid."""
    ring = [[x, y], [x + size, y + size], [x + size, y], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def geojson(path, *features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}))
    return path


def ogr2ogr(*args):
    subprocess.run(["ogr2ogr", *map(str, args)], check=True, capture_output=True)


def zip_folder(folder, archive):
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(folder.iterdir()):
            zipped.write(path, path.name)
    return archive


def ogrinfo(*args):
    """GDAL's ogrinfo, read-only; its report, or a failure showing what it said."""
    result = subprocess.run(
        ["ogrinfo", "-ro", *map(str, args)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
