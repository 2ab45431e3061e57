// The page: filters, map, timeline and table of events; one event with its
// reports and article; the paste box.  Routes live in the URL hash.

import {el, clear, getJSON, postJSON, typeColour, TYPE_COLOURS, extLink} from './dom.js';
import {t, typeName, setLang, lang, initialLang} from './i18n.js';
import {MapView} from './map.js';
import {drawTimeline} from './timeline.js';
import {drawRows, bindHeadings, markSorted} from './table.js';
import {renderArticle} from './article.js';

const $ = (sel) => document.querySelector(sel);
const state = {filters: {}, sort: 'date', order: 'desc', offset: 0, limit: 50, total: 0, config: null, facets: null};
const POINTS_CAP = 20000;
let map = null;
let lastDays = [];
let loadSeq = 0;

function status(msg, isError = false) {
  const s = $('#status');
  s.textContent = msg || '';
  s.classList.toggle('error', isError);
}

function fail(err) { status(t('st.error', {msg: err.message}), true); }

function countryName(props) {
  return (lang() === 'ar' ? props.name_ar : props.name) || props.name || props.iso || '';
}

function describePoint(p) {
  const fat = p[5] === null || p[5] === undefined ? '' : ` · ${t('fld.fatalities')}: ${p[5]}`;
  return `${p[1] || ''} · ${typeName(p[2])} · ${p[6] || ''}${fat}`;
}

function readFilters() {
  const f = {};
  for (const [k, v] of new FormData($('#filters'))) if (String(v).trim()) f[k] = String(v).trim();
  return f;
}

function rowCountry(e) {
  if (lang() !== 'ar' || !state.facets) return e.country;
  const c = state.facets.countries.find((x) => x.code === e.country_code);
  return (c && c.name_ar) || e.country;
}

function fillFacets() {
  const fc = state.facets;
  if (!fc) return;
  const cs = $('#f-country'), ts = $('#f-type');
  const keepC = cs.value, keepT = ts.value;
  for (const sel of [cs, ts]) while (sel.options.length > 1) sel.remove(1);
  for (const c of fc.countries) cs.append(el('option', {value: c.code}, `${(lang() === 'ar' && c.name_ar) || c.name || c.code} (${c.n})`));
  for (const x of fc.types) ts.append(el('option', {value: x.type}, `${typeName(x.type)} (${x.n})`));
  cs.value = keepC; ts.value = keepT;
}

function drawLegend() {
  const box = clear($('#legend'));
  for (const type of Object.keys(TYPE_COLOURS)) {
    const sw = el('span', {class: 'swatch'});
    sw.style.backgroundColor = typeColour(type);
    box.append(el('span', {class: 'legend-item'}, sw, typeName(type)));
  }
}

async function loadEvents({points = true} = {}) {
  const seq = ++loadSeq;
  const f = state.filters;
  status(t('st.loading'));
  document.body.dataset.busy = '1'; // cleared when table, map and timeline are all drawn
  try {
    const page = getJSON('/api/events', {...f, sort: state.sort, order: state.order, offset: state.offset, limit: state.limit});
    const pts = points ? getJSON('/api/events/points', {...f, cap: POINTS_CAP}) : null;
    const tl = points ? getJSON('/api/events/timeline', f) : null;
    const data = await page;
    if (seq !== loadSeq) return;
    state.total = data.total;
    drawRows($('#events-table tbody'), data.events, {
      typeName, ar: lang() === 'ar', countryName: rowCountry,
      onOpen: (id) => { location.hash = `#/event/${encodeURIComponent(id)}`; },
    });
    markSorted($('#events-table thead'), state);
    const from = data.total ? state.offset + 1 : 0;
    $('#page-info').textContent = data.total ? t('pg.info', {from, to: state.offset + data.events.length, total: data.total}) : t('pg.none');
    $('#prev').disabled = state.offset <= 0;
    $('#next').disabled = state.offset + state.limit >= data.total;
    if (points) {
      const [p, days] = await Promise.all([pts, tl]);
      if (seq !== loadSeq) return;
      map.setPoints(p.points, describePoint);
      map.fit();
      const capped = p.points.length >= POINTS_CAP;
      $('#map-caption').textContent = t(capped ? 'map.capped' : 'map.caption', {n: p.points.length});
      lastDays = days.days;
      redrawTimeline();
    }
    const q = new URLSearchParams({...f, format: 'acled-csv'});
    $('#export-link').href = `/api/export?${q}`;
    status('');
    document.body.dataset.loaded = String(seq);
  } catch (err) {
    fail(err);
  } finally {
    if (seq === loadSeq) delete document.body.dataset.busy;
  }
}

function redrawTimeline() {
  drawTimeline($('#timeline'), lastDays, {
    typeName, emptyText: t('tl.empty'),
    onDay: (day) => {
      const form = $('#filters');
      form.elements.since.value = day;
      form.elements.until.value = day;
      applyFilters();
    },
  });
}

function applyFilters() {
  state.filters = readFilters();
  state.offset = 0;
  loadEvents();
}

// --- one event ---

function field(label, value) {
  if (value === null || value === undefined || value === '') return null;
  return el('tr', null, el('th', {scope: 'row'}, label), el('td', {dir: 'auto'}, String(value)));
}

function actorText(a) {
  if (!a) return null;
  const names = lang() === 'ar' ? [a.name_ar, a.name] : [a.name, a.name_ar];
  return names.filter(Boolean).join(' / ');
}

async function showEvent(id) {
  const box = clear($('#event-detail'));
  const art = clear($('#event-article'));
  status(t('st.loading'));
  try {
    const ev = await getJSON(`/api/events/${encodeURIComponent(id)}`);
    const fat = ev.fatalities === null || ev.fatalities === undefined ? null
      : ev.fatalities_min !== null && ev.fatalities_min !== ev.fatalities_max ? `${ev.fatalities} (${ev.fatalities_min}–${ev.fatalities_max})` : ev.fatalities;
    const reports = el('ol', {class: 'reports'});
    const openReport = async (r) => {
      for (const li of reports.children) li.classList.toggle('selected', li.dataset.key === r.key);
      if (r.document_pk === null || r.document_pk === undefined) return;
      const view = await getJSON(`/api/documents/${r.document_pk}/view`);
      renderArticle(art, view, {t, typeName, selectedKey: r.key});
    };
    for (const r of ev.reports) {
      const li = el('li', {'data-key': r.key, 'data-doc': r.document_pk ?? ''},
        el('button', {type: 'button', class: 'open-article'}, t('ev.open_article')), ' ',
        el('span', {dir: 'auto'}, [r.outlet, r.title || r.document, r.published].filter(Boolean).join(' · ')),
        r.url ? [' · ', extLink(r.url, t('art.source'))] : null,
        r.event && r.event.fatalities !== null && r.event.fatalities !== undefined ? ` · ${t('fld.fatalities')}: ${r.event.fatalities}` : '');
      li.querySelector('button').addEventListener('click', () => openReport(r).catch(fail));
      reports.append(li);
    }
    box.append(el('div', {class: 'event-head'},
      el('h2', null, el('span', {class: 'chip big'}), `${typeName(ev.event_type)} · ${ev.event_date || ''}`),
      el('p', {class: 'muted'}, t('ev.title', {id: ev.id}))),
      el('table', {class: 'fields'}, el('tbody', null,
        field(t('fld.sub_event_type'), ev.sub_event_type),
        field(t('fld.actor1'), actorText(ev.actor1)),
        field(t('fld.actor2'), actorText(ev.actor2)),
        field(t('fld.location'), [ev.location, ev.location_ar].filter(Boolean).join(' / ')),
        field(t('fld.admin1'), ev.admin1),
        field(t('fld.country'), ev.country),
        field(t('fld.fatalities'), fat),
        field(t('fld.sources'), (ev.sources || []).join('; ')),
        field(t('fld.notes'), ev.notes))),
      el('h3', null, t('ev.reports', {n: ev.reports.length})), reports,
      ev.why && ev.why.lines && ev.n_reports > 1
        ? el('details', {class: 'why'}, el('summary', null, t('ev.why')), el('pre', {dir: 'ltr'}, ev.why.lines.join('\n'))) : null);
    box.querySelector('.chip').style.backgroundColor = typeColour(ev.event_type);
    status('');
    if (ev.reports.length) await openReport(ev.reports[0]);
  } catch (err) {
    fail(err);
  }
}

async function showDoc(pk) {
  const box = clear($('#doc-article'));
  try {
    const view = await getJSON(`/api/documents/${encodeURIComponent(pk)}/view`);
    renderArticle(box, view, {t, typeName});
  } catch (err) {
    fail(err);
  }
}

// --- paste box ---

async function runExtract(e) {
  e.preventDefault();
  const form = $('#extract-form');
  const out = clear($('#extract-result'));
  const body = {text: form.elements.text.value, published: form.elements.published.value || null, title: form.elements.title.value || null};
  const headers = {};
  if (form.elements.store.checked) {
    body.store = true;
    headers.Authorization = `Bearer ${form.elements.token.value}`;
  }
  status(t('st.loading'));
  try {
    const res = await postJSON('/api/extract', body, headers);
    if (res.stored) {
      out.append(el('p', {class: 'notice'}, res.stored.status === 'stored' ? t('x.stored', {id: res.stored.document}) : t('x.not_stored', {status: res.stored.status})));
    }
    const box = el('div');
    out.append(box);
    renderArticle(box, res.view, {t, typeName});
    status('');
  } catch (err) {
    fail(err);
  }
}

// --- routing ---

function route() {
  const h = location.hash || '#/';
  const views = {events: $('#view-events'), event: $('#view-event'), doc: $('#view-doc'), extract: $('#view-extract')};
  let m;
  let which = 'events';
  if ((m = h.match(/^#\/event\/(.+)$/))) { which = 'event'; showEvent(decodeURIComponent(m[1])); }
  else if ((m = h.match(/^#\/doc\/(\d+)$/))) { which = 'doc'; showDoc(m[1]); }
  else if (h.startsWith('#/extract')) which = 'extract';
  for (const [k, v] of Object.entries(views)) v.hidden = k !== which;
  if (which === 'events') { map.update(); redrawTimeline(); }
}

async function main() {
  await setLang(initialLang());
  $('#lang-toggle').textContent = t('lang.other');
  state.config = await getJSON('/api/config');
  map = new MapView($('#map'), {tiles: state.config.tiles, onSelect: (id) => { location.hash = `#/event/${encodeURIComponent(id)}`; }});
  map.loadOutlines('/map/countries.geojson', countryName).catch(() => { $('#map-caption').textContent = t('map.no_outlines'); });
  drawLegend();
  $('#store-controls').hidden = !state.config.writable;

  $('#filters').addEventListener('submit', (e) => { e.preventDefault(); applyFilters(); });
  $('#filters').addEventListener('change', (e) => { if (e.target.tagName === 'SELECT') applyFilters(); });
  $('#filters').addEventListener('reset', () => setTimeout(applyFilters, 0));
  bindHeadings($('#events-table thead'), state, (key) => {
    state.order = state.sort === key && state.order === 'desc' ? 'asc' : 'desc';
    state.sort = key;
    state.offset = 0;
    loadEvents({points: false});
  });
  $('#prev').addEventListener('click', () => { state.offset = Math.max(0, state.offset - state.limit); loadEvents({points: false}); });
  $('#next').addEventListener('click', () => { state.offset += state.limit; loadEvents({points: false}); });
  $('#page-size').addEventListener('change', (e) => { state.limit = Number(e.target.value); state.offset = 0; loadEvents({points: false}); });
  $('#extract-form').addEventListener('submit', runExtract);
  $('#lang-toggle').addEventListener('click', async () => {
    await setLang(lang() === 'ar' ? 'en' : 'ar');
    $('#lang-toggle').textContent = t('lang.other');
    map.relabel(countryName);
    drawLegend();
    fillFacets();
    loadEvents();
    if (!$('#view-event').hidden || !$('#view-doc').hidden) route();
  });
  window.addEventListener('hashchange', route);

  state.facets = await getJSON('/api/facets');
  fillFacets();
  route();
  await loadEvents();
}

main().catch(fail);
