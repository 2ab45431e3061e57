// UI strings: one JSON file per language in /static/i18n/.  Arabic turns the
// page right-to-left; article text is Arabic and always right-to-left.

const LANGS = {en: 'ltr', ar: 'rtl'};
let strings = {};
let fallback = {};
let current = 'en';

export function lang() { return current; }

/** The string for `key` in the current language (English, then the key, when missing). */
export function t(key, vars) {
  let s = strings[key] ?? fallback[key] ?? key;
  for (const [k, v] of Object.entries(vars || {})) s = s.split(`{${k}}`).join(String(v));
  return s;
}

/** An event type's name in the current language. */
export function typeName(type) {
  const key = `type.${type}`;
  return strings[key] ?? fallback[key] ?? type;
}

async function fetchStrings(code) {
  const r = await fetch(`/static/i18n/${code}.json`);
  return r.ok ? r.json() : {};
}

/** Load a language and relabel the page. */
export async function setLang(code) {
  if (!(code in LANGS)) code = 'en';
  if (!Object.keys(fallback).length) fallback = await fetchStrings('en');
  strings = code === 'en' ? fallback : await fetchStrings(code);
  current = code;
  const root = document.documentElement;
  root.lang = code;
  root.dir = LANGS[code];
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-title]')) node.title = t(node.dataset.i18nTitle);
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
  document.title = t('app.title');
  try { localStorage.setItem('rasd.lang', code); } catch (e) { /* private mode */ }
}

/** The language to start in: the saved choice, else the browser's. */
export function initialLang() {
  let saved = null;
  try { saved = localStorage.getItem('rasd.lang'); } catch (e) { saved = null; }
  if (saved && saved in LANGS) return saved;
  return (navigator.language || 'en').toLowerCase().startsWith('ar') ? 'ar' : 'en';
}
