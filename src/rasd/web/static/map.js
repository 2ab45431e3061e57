// The map: country outlines (GeoJSON from the server, Natural Earth) in a Web
// Mercator projection drawn as SVG, circle markers sized by fatalities and
// coloured by event type, pan by dragging, zoom with the wheel or buttons.
// Optional raster tiles (a setting) are drawn under the outlines; Web Mercator
// is what tile servers use, so both line up.

import {svg, clear, typeColour} from './dom.js';

const WORLD = 256; // world width in map units: tile zoom 0
const MAX_K = 2 ** 12;
const DEFAULT_BOX = [[25, 42], [63, 10]]; // [lon, lat] corners: the Middle East and North Africa's east

/** [x, y] map units of a longitude and latitude (Web Mercator). */
export function project(lon, lat) {
  const la = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
  return [((lon + 180) / 360) * WORLD, ((1 - Math.log(Math.tan(la) + 1 / Math.cos(la)) / Math.PI) / 2) * WORLD];
}

function ringPath(ring) {
  let d = '';
  for (let i = 0; i < ring.length; i++) {
    const [x, y] = project(ring[i][0], ring[i][1]);
    d += (i ? 'L' : 'M') + x.toFixed(3) + ',' + y.toFixed(3);
  }
  return d + 'Z';
}

function geometryPath(g) {
  if (!g) return '';
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  return polys.map((rings) => rings.map(ringPath).join('')).join('');
}

/** Marker radius in pixels: area grows with fatalities; events without a figure stay small. */
export function radius(fatalities) {
  if (!fatalities || fatalities < 0) return 4;
  return Math.min(30, 4 + 2.2 * Math.sqrt(fatalities));
}

export class MapView {
  constructor(el, {onSelect, tiles} = {}) {
    this.svg = el;
    this.onSelect = onSelect || (() => {});
    this.tiles = tiles || null;
    this.k = 1; this.tx = 0; this.ty = 0;
    this.gTiles = svg('g', {class: 'tiles'});
    this.gLand = svg('g', {class: 'land'});
    this.gMarkers = svg('g', {class: 'markers'});
    el.append(this.gTiles, this.gLand, this.gMarkers);
    this.markers = [];
    this.frame = 0;
    this.tileTimer = 0;
    this.names = [];
    this.bind();
    this.fitBox(DEFAULT_BOX);
  }

  size() {
    const r = this.svg.getBoundingClientRect();
    return [r.width || 800, r.height || 420];
  }

  async loadOutlines(url, nameOf) {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`outlines: HTTP ${r.status}`);
    const data = await r.json();
    clear(this.gLand);
    this.names = [];
    for (const f of data.features || []) {
      const d = geometryPath(f.geometry);
      if (!d) continue;
      const title = svg('title', {text: nameOf(f.properties || {})});
      this.names.push([title, f.properties || {}]);
      this.gLand.append(svg('path', {d, class: 'country', 'data-iso': (f.properties || {}).iso || ''}, title));
    }
    this.nameOf = nameOf;
  }

  /** Relabel the outlines after a language change. */
  relabel(nameOf) {
    for (const [title, props] of this.names) title.textContent = nameOf(props);
  }

  /** Markers for rows [id, date, type, lat, lon, fatalities, location, country]. */
  setPoints(points, describe) {
    clear(this.gMarkers);
    const items = points.map((p) => ({p, xy: project(p[4], p[3]), r: radius(p[5])}));
    items.sort((a, b) => b.r - a.r); // small markers on top of large ones
    this.markers = items.map(({p, xy, r}) => {
      const c = svg('circle', {class: 'marker', r: r.toFixed(1), fill: typeColour(p[2]), 'data-id': p[0], 'data-type': p[2], tabindex: 0},
        svg('title', {text: describe(p)}));
      this.gMarkers.append(c);
      return {c, xy};
    });
    this.place();
  }

  /** Zoom to show every marker (or the default region when there are none). */
  fit() {
    if (!this.markers.length) return this.fitBox(DEFAULT_BOX);
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const {xy} of this.markers) {
      x0 = Math.min(x0, xy[0]); y0 = Math.min(y0, xy[1]); x1 = Math.max(x1, xy[0]); y1 = Math.max(y1, xy[1]);
    }
    this.fitRect(x0, y0, x1, y1, 2 ** 8);
  }

  fitBox([[lon0, lat0], [lon1, lat1]]) {
    const [x0, y0] = project(lon0, lat0);
    const [x1, y1] = project(lon1, lat1);
    this.fitRect(x0, y0, x1, y1, MAX_K);
  }

  fitRect(x0, y0, x1, y1, maxK) {
    const [w, h] = this.size();
    const pad = 0.12;
    const k = Math.min(maxK, Math.max(w / WORLD, Math.min((w * (1 - 2 * pad)) / Math.max(x1 - x0, 1e-6), (h * (1 - 2 * pad)) / Math.max(y1 - y0, 1e-6))));
    this.k = k;
    this.tx = w / 2 - ((x0 + x1) / 2) * k;
    this.ty = h / 2 - ((y0 + y1) / 2) * k;
    this.update();
  }

  zoomAt(px, py, factor) {
    const [w] = this.size();
    const k = Math.max(w / WORLD / 2, Math.min(MAX_K, this.k * factor));
    const f = k / this.k;
    this.tx = px - (px - this.tx) * f;
    this.ty = py - (py - this.ty) * f;
    this.k = k;
    this.update();
  }

  zoom(factor) {
    const [w, h] = this.size();
    this.zoomAt(w / 2, h / 2, factor);
  }

  update() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.place(); });
  }

  place() {
    const tr = `translate(${this.tx.toFixed(2)},${this.ty.toFixed(2)}) scale(${this.k})`;
    this.gLand.setAttribute('transform', tr);
    this.gTiles.setAttribute('transform', tr);
    for (const {c, xy} of this.markers) {
      c.setAttribute('cx', (xy[0] * this.k + this.tx).toFixed(1));
      c.setAttribute('cy', (xy[1] * this.k + this.ty).toFixed(1));
    }
    if (this.tiles) {
      clearTimeout(this.tileTimer);
      this.tileTimer = setTimeout(() => this.drawTiles(), 120);
    }
  }

  drawTiles() {
    const [w, h] = this.size();
    const z = Math.max(0, Math.min(19, Math.round(Math.log2(this.k))));
    const n = 2 ** z;
    const s = WORLD / n;
    const i0 = Math.floor(-this.tx / this.k / s), i1 = Math.floor((w - this.tx) / this.k / s);
    const j0 = Math.max(0, Math.floor(-this.ty / this.k / s)), j1 = Math.min(n - 1, Math.floor((h - this.ty) / this.k / s));
    clear(this.gTiles);
    if ((i1 - i0 + 1) * (j1 - j0 + 1) > 120) return;
    for (let i = i0; i <= i1; i++) {
      for (let j = j0; j <= j1; j++) {
        const x = ((i % n) + n) % n;
        const href = this.tiles.replace('{z}', z).replace('{x}', x).replace('{y}', j).replace('{s}', 'abc'[(x + j) % 3]);
        this.gTiles.append(svg('image', {href, x: i * s, y: j * s, width: s, height: s, preserveAspectRatio: 'none'}));
      }
    }
  }

  bind() {
    const el = this.svg;
    let drag = null;
    el.addEventListener('wheel', (e) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      this.zoomAt(e.clientX - r.left, e.clientY - r.top, e.deltaY < 0 ? 1.25 : 0.8);
    }, {passive: false});
    el.addEventListener('pointerdown', (e) => {
      drag = {x: e.clientX, y: e.clientY, tx: this.tx, ty: this.ty, moved: false, target: e.target};
    });
    el.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      if (!drag.moved) el.setPointerCapture(e.pointerId);
      drag.moved = true;
      this.tx = drag.tx + dx;
      this.ty = drag.ty + dy;
      this.update();
    });
    const end = (e) => {
      if (drag && !drag.moved && drag.target.classList && drag.target.classList.contains('marker')) {
        this.onSelect(drag.target.dataset.id);
      }
      drag = null;
      if (el.hasPointerCapture && e.pointerId !== undefined && el.hasPointerCapture(e.pointerId)) el.releasePointerCapture(e.pointerId);
    };
    el.addEventListener('pointerup', end);
    el.addEventListener('pointercancel', () => { drag = null; });
    el.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target.classList.contains('marker')) this.onSelect(e.target.dataset.id);
    });
    window.addEventListener('resize', () => this.update());
  }
}
