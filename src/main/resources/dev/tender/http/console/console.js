// Tender operator console: polls GET /admin/cluster and GET /metrics (both with X-Admin-Key) every 2 s.
// No framework, no build step. The key lives in sessionStorage (this tab only); "#key=..." in the URL sets it
// and is then removed from the address bar.
'use strict';

const POLL_MS = 2000;
const KEY_ITEM = 'tender.adminKey';
const KIND_ITEM = 'tender.consoleKind';
const MAX_RATE_ROWS = 30;

const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

// ---- the admin key -------------------------------------------------------------------------------

function keyFromFragment() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const key = params.get('key');
  if (key !== null) {
    sessionStorage.setItem(KEY_ITEM, key);
    params.delete('key');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
  }
}

const adminKey = () => sessionStorage.getItem(KEY_ITEM) || '';

// ---- colours: one per node id, the same on every load and every node ---------------------------

function hash32(s) { // FNV-1a
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function colourOf(nodeId) {
  const h = hash32(nodeId);
  const hue = h % 360;
  const sat = 55 + ((h >>> 9) % 20); // 55-74 %
  // 38-47 %, darker for the bright yellows and greens: white text stays legible on every colour
  const light = 38 + ((h >>> 17) % 10) - (hue >= 40 && hue <= 190 ? 10 : 0);
  return `hsl(${hue} ${sat}% ${light}%)`;
}

const short = (id) => (id.length > 13 ? id.slice(0, 8) + '…' + id.slice(-4) : id);

function swatch(owner) {
  const s = el('span', 'swatch');
  if (owner) s.style.background = colourOf(owner);
  return s;
}

// ---- status line ----------------------------------------------------------------------------------

function status(text, error) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', !!error);
}

// ---- cluster --------------------------------------------------------------------------------------

let lastCluster = null;

async function pollCluster() {
  const key = adminKey();
  if (!key) {
    status('enter the admin key', true);
    return;
  }
  let res;
  try {
    res = await fetch('/admin/cluster', { headers: { 'X-Admin-Key': key }, cache: 'no-store' });
  } catch (e) {
    status(`cluster view failed: ${e.message} (showing the last one)`, true);
    return;
  }
  if (res.status === 401 || res.status === 403) {
    status('wrong admin key', true);
    return;
  }
  if (!res.ok) {
    status(`GET /admin/cluster answered ${res.status} (showing the last view)`, true);
    return;
  }
  const body = await res.json();
  lastCluster = body.content;
  status(`updated ${new Date().toLocaleTimeString()} from node ${short(lastCluster.node_id)}`, false);
  renderCluster();
}

function chosenKind(kinds) {
  const select = $('kind');
  const names = Object.keys(kinds).sort();
  const current = Array.from(select.options).map((o) => o.value);
  if (current.join() !== names.join()) {
    const wanted = select.value || sessionStorage.getItem(KIND_ITEM) || 'cart';
    select.replaceChildren(...names.map((n) => el('option', '', n)));
    select.value = names.includes(wanted) ? wanted : names.includes('cart') ? 'cart' : names[0];
  }
  return select.value;
}

function renderCluster() {
  const c = lastCluster;
  if (!c) return;
  const kinds = c.kinds || { cart: { partitions: c.cart_partitions || [], this_node_runs: c.this_node_runs || {} } };
  const kind = chosenKind(kinds);
  const view = kinds[kind] || { partitions: [], this_node_runs: {} };
  const count = c.partition_count;
  const members = c.members || [];

  // who owns what, in the table of record
  const table = new Map();
  for (const row of view.partitions || []) table.set(row.partition, row);
  const runsHere = view.this_node_runs || {};

  const grid = $('partition-grid');
  if (grid.children.length !== count) {
    const cells = [];
    for (let p = 0; p < count; p++) {
      const cell = el('div', 'cell');
      cell.dataset.partition = String(p);
      cell.append(el('span', 'p', String(p)), el('span', 'e'));
      cells.push(cell);
    }
    grid.replaceChildren(...cells);
  }
  const owned = new Map(); // owner -> partitions
  let released = 0;
  let unknown = 0;
  for (let p = 0; p < count; p++) {
    const cell = grid.children[p];
    const row = table.get(p);
    const owner = row ? row.owner || '' : '';
    const epoch = row ? String(row.epoch) : '';
    cell.dataset.owner = owner;
    cell.dataset.epoch = epoch;
    cell.classList.toggle('released', !!row && !owner);
    cell.classList.toggle('unknown', !row);
    cell.classList.toggle('local', Object.prototype.hasOwnProperty.call(runsHere, String(p)));
    cell.style.background = owner ? colourOf(owner) : '';
    cell.lastChild.textContent = epoch === '' ? '–' : 'e' + epoch;
    cell.title = row
      ? `partition ${p}\nowner ${owner || '(released)'}\nepoch ${epoch}\nacquired ${row.acquired_at || '?'}`
      : `partition ${p}\nno owner recorded yet`;
    if (owner) owned.set(owner, (owned.get(owner) || 0) + 1);
    else if (row) released++;
    else unknown++;
  }
  $('grid-summary').textContent = `${count} partitions of ${kind}` +
    (released ? ` · ${released} released` : '') + (unknown ? ` · ${unknown} without a record` : '');

  // members, as the serving node sees them
  $('members').replaceChildren(...members.map((m) => {
    const li = el('li');
    li.dataset.node = m;
    li.append(swatch(m), el('span', 'id', m));
    if (m === c.node_id) li.append(el('span', 'tag', 'this node'));
    li.append(el('span', 'count', `${owned.get(m) || 0} ${kind}`));
    return li;
  }));

  // legend: every owner in the table (a former member may still hold a lapsed lease)
  const owners = Array.from(new Set([...members, ...owned.keys()])).sort();
  const legend = owners.map((o) => {
    const li = el('li');
    li.append(swatch(o), el('span', 'id', short(o)));
    if (!members.includes(o)) li.append(el('span', 'tag warn', 'not a member'));
    li.append(el('span', 'count', `${owned.get(o) || 0} partitions`));
    li.title = o;
    return li;
  });
  if (released) {
    const li = el('li');
    li.append(el('span', 'swatch released'), el('span', '', 'released'), el('span', 'count', `${released} partitions`));
    legend.push(li);
  }
  $('legend').replaceChildren(...legend);
}

// ---- metrics (Prometheus text) --------------------------------------------------------------------

let previousScrape = null; // { at: ms, values: Map<series, number> }

function parseLabels(text) {
  const labels = {};
  const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  let m;
  while ((m = re.exec(text)) !== null) labels[m[1]] = m[2].replace(/\\(.)/g, (_, ch) => (ch === 'n' ? '\n' : ch));
  return labels;
}

/** The counters we show, summed into rows: HTTP requests (in total and by status class) and every tender_ counter. */
function counters(text) {
  const types = new Map();
  const values = new Map();
  const add = (series, v) => values.set(series, (values.get(series) || 0) + v);
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(/\s+/);
      types.set(name, type);
      continue;
    }
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const [, name, labelText, raw] = m;
    const v = Number(raw);
    if (!Number.isFinite(v)) continue;
    const base = name.replace(/_total$/, '');
    const counter = types.get(name) === 'counter' || types.get(base) === 'counter' || name.endsWith('_total');
    if (!counter) continue;
    if (name === 'vertx_http_server_requests_total') {
      add('HTTP requests', v);
      const code = parseLabels(labelText || '').code;
      if (code) add(`HTTP requests\u0000${code[0]}xx`, v);
    } else if (name.startsWith('tender_')) {
      const labels = parseLabels(labelText || '');
      const shown = Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(' ');
      add(`${name}\u0000${shown}`, v);
    }
  }
  return values;
}

function ratesUnavailable(why) {
  previousScrape = null;
  const r = $('rates');
  r.dataset.state = 'unavailable';
  r.textContent = `metrics unavailable (${why})`;
}

async function pollMetrics() {
  const key = adminKey();
  if (!key) return;
  let res;
  let text;
  try {
    res = await fetch('/metrics', { headers: { 'X-Admin-Key': key }, cache: 'no-store' });
    if (!res.ok) return ratesUnavailable(`GET /metrics answered ${res.status}`);
    text = await res.text();
  } catch (e) {
    return ratesUnavailable(e.message);
  }
  const now = { at: performance.now(), values: counters(text) };
  const before = previousScrape;
  previousScrape = now;
  const r = $('rates');
  if (lastCluster) $('rates-node').textContent = `on node ${short(lastCluster.node_id)}, per second`;
  if (!before) {
    r.dataset.state = 'waiting';
    r.textContent = 'measuring (rates need two scrapes)';
    return;
  }
  const seconds = (now.at - before.at) / 1000;
  const all = Array.from(now.values.keys());
  // counters still at zero say nothing yet: left out (HTTP requests always shown)
  // requests first, then commands and orders, then the other tender_ counters
  const rank = (s) => ['HTTP requests', 'tender_commands', 'tender_orders'].findIndex((p) => s.startsWith(p)) >>> 0;
  const shown = all.filter((s) => s.startsWith('HTTP requests') || now.values.get(s) > 0)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const rows = shown.slice(0, MAX_RATE_ROWS);
  if (all.length === 0) {
    r.dataset.state = 'ok';
    r.textContent = 'no request or tender_ counters in /metrics';
    return;
  }
  const table = el('table');
  const head = el('tr');
  head.append(el('th', '', 'counter'), el('th', 'num', '/s'), el('th', 'num', 'total'));
  table.append(head);
  for (const series of rows) {
    const [name, labels] = series.split('\u0000');
    const v = now.values.get(series);
    const prev = before.values.get(series);
    const rate = prev === undefined || v < prev ? null : (v - prev) / seconds; // new series or a reset: no rate yet
    const tr = el('tr');
    tr.dataset.series = series.replace('\u0000', ' ');
    const label = el('td', '', name);
    if (labels) label.append(el('span', 'labels', labels));
    tr.append(label, el('td', 'num', rate === null ? '–' : rate.toFixed(rate < 10 ? 2 : 1)), el('td', 'num', String(Math.round(v))));
    table.append(tr);
  }
  const note = el('p', 'hint', `${all.length - shown.length} counters still at zero not shown` +
    (shown.length > rows.length ? `; ${shown.length - rows.length} more not shown` : ''));
  r.dataset.state = 'ok';
  r.replaceChildren(table, note);
}

// ---- the loop -------------------------------------------------------------------------------------

let timer = null;
let running = false;
let again = false;

/** One poll of both endpoints, then the next in POLL_MS; a call while one runs makes it poll again at once. */
async function tick() {
  if (running) {
    again = true;
    return;
  }
  running = true;
  clearTimeout(timer);
  try {
    await Promise.all([
      pollCluster().catch((e) => status(`cluster view failed: ${e.message}`, true)),
      pollMetrics().catch((e) => ratesUnavailable(e.message)),
    ]);
  } finally {
    running = false;
    if (again) {
      again = false;
      tick();
    } else {
      timer = setTimeout(tick, POLL_MS);
    }
  }
}

document.addEventListener('DOMContentLoaded', () => {
  keyFromFragment();
  const input = $('admin-key');
  input.value = adminKey();
  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY_ITEM, input.value.trim());
    previousScrape = null;
    tick();
  });
  $('kind').addEventListener('change', () => {
    sessionStorage.setItem(KIND_ITEM, $('kind').value);
    renderCluster();
  });
  window.addEventListener('hashchange', () => {
    keyFromFragment();
    input.value = adminKey();
    tick();
  });
  tick();
});
