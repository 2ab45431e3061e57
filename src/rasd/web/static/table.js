// The events table: one row per event, sortable by clicking a column heading.

import {el, clear, typeColour} from './dom.js';

function actors(e, ar) {
  const a1 = (ar && e.actor1_ar) || e.actor1, a2 = (ar && e.actor2_ar) || e.actor2;
  return [a1, a2].filter(Boolean).join(' — ');
}

function where(e, ar) {
  if (ar && e.location_ar) return e.location_ar;
  return [e.location, e.admin1 && e.admin1 !== e.location ? e.admin1 : null].filter(Boolean).join(', ');
}

function fatalities(e) {
  if (e.fatalities === null || e.fatalities === undefined) return '';
  const range = e.fatalities_min !== null && e.fatalities_min !== undefined && e.fatalities_min !== e.fatalities_max
    ? ` (${e.fatalities_min}–${e.fatalities_max})` : '';
  return `${e.fatalities}${range}`;
}

/** Fill `tbody` with event rows; `onOpen(id)` when a row is chosen; Arabic names when `ar`. */
export function drawRows(tbody, rows, {typeName, onOpen, ar = false, countryName = (e) => e.country}) {
  clear(tbody);
  for (const e of rows) {
    const tr = el('tr', {class: 'event-row', tabindex: 0, 'data-id': e.id, 'data-country': e.country_code || ''},
      el('td', {class: 'num'}, e.event_date || ''),
      el('td', null, el('span', {class: 'chip', 'data-type': e.event_type}), typeName(e.event_type),
        e.sub_event_type ? el('div', {class: 'sub'}, e.sub_event_type) : null),
      el('td', {dir: 'auto'}, actors(e, ar)),
      el('td', {dir: 'auto'}, where(e, ar)),
      el('td', null, countryName(e) || e.country || e.country_code || ''),
      el('td', {class: 'num'}, fatalities(e)),
      el('td', {class: 'num'}, String(e.n_sources ?? '')));
    tr.querySelector('.chip').style.backgroundColor = typeColour(e.event_type);
    tr.addEventListener('click', () => onOpen(e.id));
    tr.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') onOpen(e.id); });
    tbody.append(tr);
  }
}

/** Mark the sorted column heading and wire clicks to `onSort(key)`. */
export function bindHeadings(thead, state, onSort) {
  for (const th of thead.querySelectorAll('th[data-sort]')) {
    th.tabIndex = 0;
    th.addEventListener('click', () => onSort(th.dataset.sort));
    th.addEventListener('keydown', (e) => { if (e.key === 'Enter') onSort(th.dataset.sort); });
  }
  markSorted(thead, state);
}

export function markSorted(thead, state) {
  for (const th of thead.querySelectorAll('th[data-sort]')) {
    const on = th.dataset.sort === state.sort;
    th.classList.toggle('sorted', on);
    th.setAttribute('aria-sort', on ? (state.order === 'asc' ? 'ascending' : 'descending') : 'none');
    th.dataset.order = on ? state.order : '';
  }
}
