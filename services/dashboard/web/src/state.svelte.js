// The application's shared state (who is signed in, the CSRF token, the language, the current page) and the API
// client: every change sends the session's CSRF token in X-CSRF-Token; an operator's calls name the clinic with
// ?doctor=; a 401 sends the user back to the sign-in page.
import { messages } from './i18n.js';

const savedLang = (() => {
  try {
    return localStorage.getItem('lang');
  } catch {
    return null;
  }
})();

export const app = $state({
  user: null,
  csrf: '',
  lang: savedLang === 'hi' ? 'hi' : 'en',
  path: location.pathname,
  doctor: '',
  checked: false,
  mustEnrol: false, // the clinic requires two-step sign-in and this user has none: only enrolling is allowed
  kind: 'clinic', // the tenant's kind (GET /api/v1/settings): a school reads "school:<key>" strings where they exist
});

export function t(key, vars) {
  const sk = app.kind === 'school' ? 'school:' + key : null;
  let s = (sk && (messages[app.lang][sk] ?? messages.en[sk])) ?? messages[app.lang][key] ?? messages.en[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export function setLang(lang) {
  app.lang = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem('lang', lang);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

export function go(path) {
  if (path !== location.pathname) history.pushState({}, '', path);
  app.path = path;
}

window.addEventListener('popstate', () => {
  app.path = location.pathname;
});

export function withDoctor(path) {
  if (app.user?.role !== 'operator' || !app.doctor) return path;
  return path + (path.includes('?') ? '&' : '?') + 'doctor=' + encodeURIComponent(app.doctor);
}

// For a page whose loads can overlap (a search typed, a period picked, a live event): only the newest load may draw.
// `const begin = newest()` once per page; each load starts with `const current = begin()` and, after every await,
// returns without touching the page unless `current()` (no load began after it). An earlier question's answer that
// arrives last must never replace the answer to the question the user asked last.
export function newest() {
  let started = 0;
  return () => {
    const mine = ++started;
    return () => mine === started;
  };
}

// Calls the API. Returns {ok, status, data}; data is the parsed JSON body (or null). Never throws: a network
// failure answers status 0 with an error in the API's shape.
export async function api(method, path, body, headers = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (method !== 'GET' && app.csrf) h['X-CSRF-Token'] = app.csrf;
  let res;
  try {
    res = await fetch(withDoctor(path), {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, status: 0, data: { error: { code: 'network', message: t('err.network'), fields: {} } } };
  }
  let data = null;
  const text = await res.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (res.status === 401 && path !== '/api/v1/session') {
    app.user = null;
    app.csrf = '';
  }
  return { ok: res.ok, status: res.status, data };
}

// The human text for a failed call: the server's message, or a generic one by status.
export function errorText(r) {
  if (r.status === 0) return t('err.network');
  if (r.status === 403) return t('err.forbidden');
  if (r.status === 404) return t('err.not_found');
  if (r.status === 429) return t('err.throttled');
  if (r.status >= 500) return t('err.server');
  return r.data?.error?.message || t('err.server');
}

export function fieldErrors(r) {
  return r.data?.error?.fields || {};
}
