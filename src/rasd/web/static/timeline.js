// The timeline: one stacked bar per day, a segment per event type.

import {svg, clear, typeColour} from './dom.js';

const DAY = 86400000;

function dayNumber(iso) { return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY); }
function isoOf(n) { return new Date(n * DAY).toISOString().slice(0, 10); }

/** Draw `days` ([{date, type, n}]) into the SVG `el`; `onDay(date)` when a bar is clicked. */
export function drawTimeline(el, days, {typeName, emptyText, onDay}) {
  clear(el);
  const r = el.getBoundingClientRect();
  const w = r.width || 800, h = r.height || 160;
  const m = {l: 32, r: 8, t: 8, b: 22};
  if (!days.length) {
    el.append(svg('text', {x: w / 2, y: h / 2, 'text-anchor': 'middle', class: 'empty', text: emptyText}));
    return;
  }
  const byDay = new Map();
  for (const d of days) {
    const k = dayNumber(d.date);
    if (!byDay.has(k)) byDay.set(k, []);
    byDay.get(k).push(d);
  }
  const keys = [...byDay.keys()];
  const d0 = Math.min(...keys), d1 = Math.max(...keys);
  const span = d1 - d0 + 1;
  const max = Math.max(...[...byDay.values()].map((list) => list.reduce((s, d) => s + d.n, 0)));
  const bw = (w - m.l - m.r) / span;
  const y = (v) => h - m.b - (v / max) * (h - m.t - m.b);
  const plot = svg('g', {class: 'bars'});
  for (const [k, list] of byDay) {
    let acc = 0;
    const x = m.l + (k - d0) * bw;
    const total = list.reduce((s, d) => s + d.n, 0);
    const bar = svg('g', {class: 'day', 'data-date': isoOf(k), tabindex: 0});
    list.sort((a, b) => a.type.localeCompare(b.type));
    for (const d of list) {
      const y1 = y(acc), y2 = y(acc + d.n);
      bar.append(svg('rect', {x: x + Math.min(1, bw * 0.1), y: y2, width: Math.max(1, bw - Math.min(2, bw * 0.2)), height: Math.max(0.5, y1 - y2),
        fill: typeColour(d.type)}, svg('title', {text: `${isoOf(k)} · ${typeName(d.type)}: ${d.n}`})));
      acc += d.n;
    }
    bar.append(svg('title', {text: `${isoOf(k)}: ${total}`}));
    bar.addEventListener('click', () => onDay(isoOf(k)));
    bar.addEventListener('keydown', (e) => { if (e.key === 'Enter') onDay(isoOf(k)); });
    plot.append(bar);
  }
  const axis = svg('g', {class: 'axis'});
  axis.append(svg('line', {x1: m.l, x2: w - m.r, y1: h - m.b, y2: h - m.b}));
  axis.append(svg('text', {x: m.l - 4, y: m.t + 8, 'text-anchor': 'end', text: String(max)}));
  axis.append(svg('text', {x: m.l - 4, y: h - m.b, 'text-anchor': 'end', text: '0'}));
  const ticks = Math.min(span, Math.max(2, Math.floor((w - m.l - m.r) / 90)));
  for (let i = 0; i < ticks; i++) {
    const k = d0 + Math.round((i * (span - 1)) / Math.max(1, ticks - 1));
    const x = m.l + (k - d0 + 0.5) * bw;
    axis.append(svg('text', {x, y: h - 6, 'text-anchor': 'middle', text: isoOf(k)}));
  }
  el.append(plot, axis);
}
