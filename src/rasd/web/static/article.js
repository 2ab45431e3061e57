// The article view: the text with every span rasd found highlighted, and the
// evidence of the selected event marked, each evidence field linked to its
// place in the text and each event to its record.  Text goes in as text nodes.

import {el, clear, extLink, typeColour} from './dom.js';

const KINDS = ['actor', 'place', 'person', 'outlet', 'time', 'number', 'trigger', 'quote'];

/** Split `text` at every span edge; each piece knows the spans and evidence fields covering it. */
export function segments(text, spans, evidence) {
  const cuts = new Set([0, text.length]);
  const ev = Object.entries(evidence || {}).filter(([, v]) => v && Number.isInteger(v.start) && Number.isInteger(v.end) && v.start < v.end);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  for (const [, v] of ev) { cuts.add(v.start); cuts.add(v.end); }
  const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    out.push({
      start: a, end: b, text: text.slice(a, b),
      spans: spans.filter((s) => s.start <= a && s.end >= b),
      fields: ev.filter(([, v]) => v.start <= a && v.end >= b).map(([k]) => k),
    });
  }
  return out;
}

function textBlock(view, evidence, t) {
  const body = el('div', {class: 'article-text', dir: 'rtl', lang: 'ar'});
  for (const seg of segments(view.text, view.spans || [], evidence)) {
    if (!seg.spans.length && !seg.fields.length) { body.append(seg.text); continue; }
    const kinds = [...new Set(seg.spans.map((s) => s.kind))];
    // The 'event' field spans the whole clause: marked lightly, so the fields inside it stand out.
    const onlyEvent = seg.fields.length === 1 && seg.fields[0] === 'event';
    const cls = kinds.map((k) => `k-${k}`).concat(seg.fields.length ? ['ev'] : [], onlyEvent ? ['ev-clause'] : []).join(' ');
    const tip = seg.spans.map((s) => `${t('kind.' + s.kind)}: ${s.label}`)
      .concat(seg.fields.map((f) => `${t('ev.evidence')}: ${f}`)).join('\n');
    body.append(el(seg.fields.length ? 'mark' : 'span',
      {class: cls, title: tip, 'data-ev': seg.fields.join(' ') || null, 'data-start': seg.start}, seg.text));
  }
  return body;
}

function legend(t) {
  return el('div', {class: 'legend article-legend'}, el('span', null, t('art.legend') + ': '),
    KINDS.map((k) => el('span', {class: `k-${k} key`}, t('kind.' + k))),
    el('mark', {class: 'ev key'}, t('kind.evidence')));
}

function evidenceTable(ev, body, t) {
  const rows = Object.entries(ev.evidence || {}).map(([field, v]) => {
    const located = Number.isInteger(v.start) && Number.isInteger(v.end);
    const tr = el('tr', {class: located ? 'ev-row located' : 'ev-row', 'data-field': field, tabindex: located ? 0 : null},
      el('th', {scope: 'row'}, field),
      el('td', {dir: 'auto'}, located ? (v.text || '') : [v.text ? `${v.text} ` : '', el('em', null, `(${t('ev.no_evidence')})`)]),
      el('td', {class: 'rule'}, v.rule || ''));
    if (located) {
      const go = () => {
        const target = [...body.querySelectorAll('mark.ev')].find((m) => (m.dataset.ev || '').split(' ').includes(field));
        if (!target) return;
        target.scrollIntoView({block: 'center', behavior: 'smooth'});
        for (const m of body.querySelectorAll('mark.flash')) m.classList.remove('flash');
        for (const m of body.querySelectorAll('mark.ev')) if ((m.dataset.ev || '').split(' ').includes(field)) m.classList.add('flash');
      };
      tr.addEventListener('click', go);
      tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(); });
    }
    return tr;
  });
  return el('table', {class: 'evidence'}, el('caption', null, t('ev.evidence')), el('tbody', null, rows));
}

function actorName(a) {
  if (!a) return null;
  return a.name || a.name_ar || a.id;
}

function eventCard(ev, selected, {t, typeName, onPick}) {
  const chip = el('span', {class: 'chip'});
  chip.style.backgroundColor = typeColour(ev.event_type);
  const who = [actorName(ev.actor1), actorName(ev.actor2)].filter(Boolean).join(' — ');
  const card = el('li', {class: selected ? 'event-card selected' : 'event-card', 'data-key': ev.key || '', 'data-event': ev.event || ''},
    el('button', {type: 'button', class: 'pick', 'aria-pressed': selected ? 'true' : 'false'},
      chip, typeName(ev.event_type), ev.sub_event_type ? ` · ${ev.sub_event_type}` : ''),
    el('div', {class: 'facts'},
      [ev.event_date, ev.location, ev.country].filter(Boolean).join(' · '),
      ev.fatalities !== null && ev.fatalities !== undefined ? ` · ${t('fld.fatalities')}: ${ev.fatalities}` : ''),
    who ? el('div', {class: 'facts'}, who) : null,
    ev.event ? el('a', {href: `#/event/${encodeURIComponent(ev.event)}`, class: 'record-link'}, `${t('ev.open_record')}: ${ev.event}`) : null);
  card.querySelector('button.pick').addEventListener('click', () => onPick(ev));
  return card;
}

/** Render `view` ({document, text, spans, events}) into `box`, the event whose key is `selectedKey` marked. */
export function renderArticle(box, view, {t, typeName, selectedKey = null}) {
  const events = view.events || [];
  let selected = events.find((e) => selectedKey && e.key === selectedKey) || events[0] || null;
  const draw = () => {
    clear(box);
    const doc = view.document || {};
    const body = textBlock(view, selected ? selected.evidence : null, t);
    const meta = [doc.outlet ? `${t('art.outlet')}: ${doc.outlet}` : null, doc.published ? `${t('art.published')}: ${doc.published}` : null]
      .filter(Boolean).join(' · ');
    const list = el('ol', {class: 'event-cards'},
      events.map((e) => eventCard(e, e === selected, {t, typeName, onPick: (picked) => { selected = picked; draw(); }})));
    box.append(el('article', {class: 'article', 'data-doc': doc.id ?? ''},
      el('header', null,
        el('h2', {dir: 'auto', class: 'article-title'}, doc.title || doc.doc_id || doc.id || ''),
        el('p', {class: 'meta', dir: 'auto'}, meta, doc.url ? [' · ', extLink(doc.url, t('art.source'))] : null)),
      legend(t),
      el('div', {class: 'article-body'},
        body,
        el('aside', {class: 'article-events'},
          el('h3', null, events.length ? t('art.events', {n: events.length}) : t('art.no_events')),
          list,
          selected ? evidenceTable(selected, body, t) : null))));
  };
  draw();
}
