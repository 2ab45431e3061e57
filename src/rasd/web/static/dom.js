// DOM helpers.  Every piece of data reaches the page as a text node or an
// attribute value set through the DOM: never as HTML.  Nothing here parses
// markup, so an article holding <script> or onerror= shows as plain text.

const SVG_NS = 'http://www.w3.org/2000/svg';

function put(node, props) {
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.setAttribute('class', v);
    else if (k === 'text') node.textContent = String(v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) {
      if (typeof v !== 'function') throw new TypeError('event handlers must be functions');
      node.addEventListener(k.slice(2), v);
    } else node.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** An HTML element: el('td', {class: 'x'}, 'text', child). */
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  put(node, props);
  append(node, children);
  return node;
}

/** An SVG element. */
export function svg(tag, props, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  put(node, props);
  append(node, children);
  return node;
}

/** Remove every child. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** An http(s) URL, or null: other schemes (javascript:, data:) are never linked. */
export function safeUrl(value) {
  if (typeof value !== 'string') return null;
  try {
    const u = new URL(value, window.location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch (e) {
    return null;
  }
}

/** A link that opens outside the app, or plain text when the URL is not http(s). */
export function extLink(url, label) {
  const href = safeUrl(url);
  if (!href) return document.createTextNode(label || '');
  return el('a', {href, target: '_blank', rel: 'noopener noreferrer nofollow'}, label || url);
}

/** GET a JSON API path with query parameters; throws an Error carrying the server's message. */
export async function getJSON(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== '' && v !== null && v !== undefined) q.set(k, v);
  const url = q.toString() ? `${path}?${q}` : path;
  const r = await fetch(url, {headers: {Accept: 'application/json'}});
  return answer(r);
}

/** POST JSON. */
export async function postJSON(path, body, headers) {
  const r = await fetch(path, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', Accept: 'application/json', ...(headers || {})},
    body: JSON.stringify(body),
  });
  return answer(r);
}

async function answer(r) {
  let data = null;
  try { data = await r.json(); } catch (e) { data = null; }
  if (!r.ok) {
    const err = new Error((data && data.error && `${data.error.code} ${data.error.message}`) || `HTTP ${r.status}`);
    err.status = r.status;
    throw err;
  }
  return data;
}

// Colours per ACLED event type (map markers, timeline bars, table chips).
export const TYPE_COLOURS = {
  'Battles': '#c0392b',
  'Explosions/Remote violence': '#e67e22',
  'Violence against civilians': '#8e44ad',
  'Protests': '#27ae60',
  'Riots': '#795548',
  'Strategic developments': '#2c7fb8',
};

export function typeColour(type) {
  return TYPE_COLOURS[type] || '#7f8c8d';
}
