// Small formatting helpers shared by the pages.

// The flags of a conversation as a list of words, whether the API gives an array or an object of booleans.
export function flagList(flags) {
  if (!flags) return [];
  if (Array.isArray(flags)) return flags;
  return Object.keys(flags).filter((k) => flags[k]);
}

// A timestamp (ISO text or epoch ms) as a short local date and time.
export function when(ts, lang) {
  if (!ts) return '';
  const d = new Date(typeof ts === 'number' && ts < 1e12 ? ts * 1000 : ts);
  if (isNaN(d)) return '';
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  const locale = lang === 'hi' ? 'hi-IN' : 'en-IN';
  return sameDay
    ? d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

// Milliseconds until `until` (ISO text or epoch), or 0 when past or unknown.
export function remaining(until) {
  if (!until) return 0;
  const d = new Date(typeof until === 'number' && until < 1e12 ? until * 1000 : until);
  return Math.max(0, d.getTime() - Date.now());
}

// A new idempotency key (a double click of Send sends once).
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
