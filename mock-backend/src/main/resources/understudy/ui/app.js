'use strict';
// The live page. Everything comes from this admin port: GET /journal, /faults, /presets, / and the /events stream.
// Every text that came from a client is put in the page with textContent, never as HTML.
(function () {
  const TOKEN = new URLSearchParams(location.search).get('token');
  const PAGE_SIZE = 50;
  const KEPT = 2000;            // entries of each kind the page holds; the server keeps fewer
  const SVG = 'http://www.w3.org/2000/svg';

  const state = {
    ws: new Map(), http: new Map(), tab: 'ws', page: 0, user: '',
    selected: null, detail: null, faults: [], presets: [], cursor: 0,
  };

  // ---- helpers ---------------------------------------------------------------------------------------------
  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (v !== null && v !== undefined) e.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  async function api(method, path, body) {
    const headers = {};
    if (TOKEN) headers['Authorization'] = 'Bearer ' + TOKEN;
    const init = { method, headers };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(path, init);
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!res.ok) {
      throw new Error((json && json.detail) || (res.status + ' ' + res.statusText));
    }
    return json;
  }

  function clock(epochSeconds) {
    const d = new Date(epochSeconds * 1000);
    return d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
  }

  function ms(v) {
    if (v === null || v === undefined) return '';
    return v >= 1000 ? (v / 1000).toFixed(v >= 10000 ? 1 : 2) + ' s' : Math.round(v) + ' ms';
  }

  function ending(c) {
    const e = c.ending;
    if (!e) return 'open';
    const reason = e.reason ? ' — ' + e.reason : '';
    switch (e.how) {
      case 'rejected': return 'rejected ' + e.code + reason;
      case 'closed-by-server': return 'closed by server ' + e.code + reason;
      case 'closed-by-client': return 'closed by client ' + e.code + reason;
      case 'dropped': return 'dropped (no close frame)';
      case 'lost': return 'lost ' + e.code + reason;
      default: return e.how + ' ' + e.code + reason;
    }
  }

  function short(c) {
    const e = c.ending;
    if (!e) return 'open';
    return { 'rejected': 'rejected ' + e.code, 'closed-by-server': 'server closed ' + e.code,
      'closed-by-client': 'client closed ' + e.code, 'dropped': 'dropped', 'lost': 'lost ' + e.code }[e.how] || e.how;
  }

  function faultLabel(f) {
    const parts = [f.fault];
    for (const [k, v] of Object.entries(f)) {
      if (['fault', 'id', 'chances', 'hits', 'active', 'added', 'at_ms', 'expected_after'].includes(k)) continue;
      parts.push(k + '=' + (typeof v === 'object' ? JSON.stringify(v) : v));
    }
    return parts.join(' ');
  }

  function frameType(text) {
    try { const j = JSON.parse(text); return j && typeof j.type === 'string' ? j.type : '(no type)'; }
    catch (e) { return '(not JSON)'; }
  }

  function pretty(text) {
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; }
  }

  function later(fn, wait) {
    let timer = null;
    return () => { if (timer === null) timer = setTimeout(() => { timer = null; fn(); }, wait); };
  }

  function keep(map, entry) {
    const old = map.get(entry.id);
    if (old && old.seq > entry.seq) return;
    map.set(entry.id, entry);
    while (map.size > KEPT) map.delete(map.keys().next().value);
  }

  // ---- list ------------------------------------------------------------------------------------------------
  function rows() {
    const user = state.user;
    const list = [...(state.tab === 'ws' ? state.ws : state.http).values()]
      .filter(e => !user || (e.user || '').includes(user));
    const at = e => e.kind === 'ws' ? e.opened_epoch : e.at_epoch;
    list.sort((a, b) => at(b) - at(a) || b.seq - a.seq);
    return list;
  }

  function renderList() {
    const list = rows();
    const pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    const shown = list.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE);
    const head = $('list-head');
    const body = $('list-body');
    head.replaceChildren(state.tab === 'ws'
      ? el('tr', {}, el('th', {}, 'opened'), el('th', {}, 'user'), el('th', {}, 'path'), el('th', {}, 'how it ended'),
        el('th', {}, 'faults'), el('th', {}, 'frames'))
      : el('tr', {}, el('th', {}, 'at'), el('th', {}, 'method'), el('th', {}, 'path'), el('th', {}, 'status'),
        el('th', {}, 'fault'), el('th', {}, 'user'), el('th', {}, 'took')));
    body.replaceChildren(...shown.map(e => state.tab === 'ws' ? wsRow(e) : httpRow(e)));
    $('page-info').textContent = list.length === 0 ? 'nothing yet'
      : (state.page * PAGE_SIZE + 1) + '–' + (state.page * PAGE_SIZE + shown.length) + ' of ' + list.length;
    $('prev').disabled = state.page === 0;
    $('next').disabled = state.page >= pages - 1;
    const open = [...state.ws.values()].filter(c => !c.ending).length;
    $('counts').textContent = state.ws.size + ' connections (' + open + ' open) · ' + state.http.size + ' HTTP requests';
  }

  function wsRow(c) {
    const how = c.ending ? c.ending.how : 'open';
    return el('tr', {
      class: 'conn' + (state.selected === c.id ? ' selected' : ''), 'data-id': c.id, 'data-ending': how,
      tabindex: '0', onclick: () => select(c.id), onkeydown: ev => { if (ev.key === 'Enter') select(c.id); },
    },
      el('td', { class: 'mono' }, clock(c.opened_epoch)),
      el('td', {}, c.user || '—'),
      el('td', { class: 'mono' }, c.path),
      el('td', { class: 'how how-' + how, title: ending(c) }, short(c)),
      el('td', {}, ...c.faults.map(f => el('span', { class: 'chip' }, f.fault + (f.event ? ' ' + f.event : '')))),
      el('td', { class: 'num' }, c.frame_count));
  }

  function httpRow(r) {
    const status = r.ending === null ? 'in flight' : r.ending === 'closed-unanswered' ? 'no answer' : String(r.status);
    const cls = r.ending !== 'answered' ? 'warn' : r.status >= 500 ? 'bad' : r.status >= 400 ? 'warn' : 'good';
    return el('tr', { class: 'req', 'data-id': r.id },
      el('td', { class: 'mono' }, clock(r.at_epoch)),
      el('td', { class: 'mono' }, r.method),
      el('td', { class: 'mono' }, r.path + (r.query ? '?' + r.query : '')),
      el('td', { class: 'status ' + cls }, status),
      el('td', {}, ...r.faults.map(f => el('span', { class: 'chip' }, f))),
      el('td', {}, r.user || '—'),
      el('td', { class: 'num' }, ms(r.duration_ms)));
  }

  // ---- one connection --------------------------------------------------------------------------------------
  async function select(id) {
    state.selected = id;
    renderList();
    await loadDetail();
  }

  async function loadDetail() {
    const id = state.selected;
    if (!id) return;
    let c;
    try { c = await api('GET', '/journal/' + encodeURIComponent(id)); }
    catch (e) { $('detail-summary').textContent = 'Gone from the journal: ' + e.message; return; }
    if (state.selected !== id) return;
    state.detail = c;
    renderDetail();
  }

  function renderDetail() {
    const c = state.detail;
    $('detail-empty').hidden = !!c;
    $('detail-body').hidden = !c;
    if (!c) return;
    $('detail-title').textContent = c.id;
    $('detail-summary').replaceChildren(
      el('b', {}, c.user || 'no user'), ' on ', el('code', {}, c.path), ', opened ', clock(c.opened_epoch), ' — ',
      el('span', { class: 'how how-' + (c.ending ? c.ending.how : 'open') }, ending(c)),
      c.frames_dropped ? ' (' + c.frames_dropped + ' frames not kept)' : '');
    $('timeline').replaceChildren(timeline(c));
    $('frames').replaceChildren(...c.frames.map(f => el('li', { class: 'frame ' + f.direction },
      el('span', { class: 'dir' }, f.direction === 'in' ? 'client →' : '→ client'),
      el('span', { class: 'mono at' }, '+' + ms(f.at_ms)),
      el('span', { class: 'type' }, frameType(f.text)),
      el('pre', {}, pretty(f.text)))));
    $('headers').replaceChildren(...Object.entries(c.headers).map(([k, vs]) =>
      el('tr', {}, el('th', {}, k), el('td', { class: 'mono' }, vs.join(', ')))));
  }

  /** The run's events on a time axis, gaps labelled, faults marked where they struck. */
  function timeline(c) {
    const W = 760, H = 220, L = 24, R = 100, AXIS = 122;
    const out = c.frames.filter(f => f.direction === 'out').map(f => ({ at: f.at_ms, type: frameType(f.text) }));
    const inn = c.frames.filter(f => f.direction === 'in').map(f => ({ at: f.at_ms, type: frameType(f.text) }));
    const openFor = (Date.now() / 1000 - c.opened_epoch) * 1000;
    const end = c.ending ? c.ending.at_ms : openFor;
    const last = Math.max(end, 1, ...c.frames.map(f => f.at_ms), ...c.faults.map(f => f.at_ms));
    const span = last * 1.04;
    const x = t => L + (Math.max(0, t) / span) * (W - L - R);
    const root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'timeline', role: 'img',
      'aria-label': 'timeline of ' + c.id });

    root.append(svg('line', { x1: L, y1: AXIS, x2: W - R, y2: AXIS, class: 'axis' }));
    for (let i = 0; i <= 5; i++) {
      const t = (span * i) / 5;
      root.append(svg('line', { x1: x(t), y1: AXIS - 3, x2: x(t), y2: AXIS + 3, class: 'tick' }));
      root.append(svg('text', { x: x(t), y: H - 4, class: 'ticklabel', 'text-anchor': 'middle' }, ms(t)));
    }

    // gaps: a quiet stretch longer than a tenth of the run (and than 250 ms) is bracketed and labelled
    const moments = [0, ...c.frames.map(f => f.at_ms), end].sort((a, b) => a - b);
    for (let i = 1; i < moments.length; i++) {
      const gap = moments[i] - moments[i - 1];
      if (gap > span / 8 && gap > 50) {
        const g = svg('g', { class: 'gap' });
        g.append(svg('rect', { x: x(moments[i - 1]), y: AXIS - 6, width: x(moments[i]) - x(moments[i - 1]), height: 12 }));
        g.append(svg('text', { x: (x(moments[i - 1]) + x(moments[i])) / 2, y: AXIS + 22, 'text-anchor': 'middle' },
          'gap ' + ms(gap)));
        root.append(g);
      }
    }

    // faults that struck, where they struck
    for (const f of c.faults) {
      const g = svg('g', { class: 'fault-mark', 'data-fault': f.fault });
      if (f.fault === 'omit') {
        const before = out.filter(e => e.type === f.expected_after && e.at >= f.at_ms - 1);
        const after = before.length ? before[0].at : f.at_ms;
        const next = out.find(e => e.at > after);
        const pos = next ? (x(after) + x(next.at)) / 2 : x(after) + 28;
        g.setAttribute('class', 'missing');
        g.setAttribute('data-event', f.event);
        g.append(svg('circle', { cx: pos, cy: AXIS, r: 8 }));
        g.append(svg('line', { x1: pos, y1: AXIS + 9, x2: pos, y2: AXIS + 30 }));
        g.append(svg('text', { x: pos, y: AXIS + 44, 'text-anchor': 'middle' }, 'missing ' + f.event));
        g.append(svg('text', { x: pos, y: AXIS + 58, 'text-anchor': 'middle', class: 'small' },
          '(omit fault, expected after ' + (f.expected_after || '?') + ')'));
      } else if (f.fault === 'stall-after') {
        const from = out.find(e => e.type === f.event);
        const start = from ? from.at : f.at_ms;
        g.setAttribute('class', 'stall');
        g.append(svg('rect', { x: x(start), y: AXIS - 14, width: Math.max(2, x(end) - x(start)), height: 28 }));
        g.append(svg('text', { x: x(start) + 6, y: AXIS - 18 }, 'stall after ' + f.event + ' — ' + ms(end - start)
          + (c.ending ? ' until the close' : ' so far')));
      } else {
        const on = f.event ? out.find(e => e.type === f.event) : null;
        const pos = x(on ? on.at : f.at_ms);
        g.append(svg('path', { d: 'M' + pos + ' ' + (AXIS + 30) + ' l-6 10 h12 z' }));
        g.append(svg('text', { x: pos, y: AXIS + 52, 'text-anchor': 'middle' }, faultLabel(f)));
      }
      root.append(g);
    }

    // the server's events above the axis (labels staggered), the client's frames below
    const rowEnds = [-1e9, -1e9, -1e9, -1e9, -1e9];   // where each label row is taken up to, so labels don't overlap
    out.forEach(e => {
      const g = svg('g', { class: 'event', 'data-type': e.type });
      g.append(svg('circle', { cx: x(e.at), cy: AXIS, r: 5, class: 't-' + e.type.replace(/[^a-z_]/g, '') }));
      let row = rowEnds.findIndex(end => end < x(e.at));
      if (row < 0) row = rowEnds.indexOf(Math.min(...rowEnds));
      rowEnds[row] = x(e.at) + e.type.length * 7.5;
      const y = AXIS - 12 - row * 15;
      g.append(svg('line', { x1: x(e.at), y1: AXIS - 6, x2: x(e.at), y2: y + 3, class: 'leader' }));
      g.append(svg('text', { x: x(e.at) + 2, y: y, 'text-anchor': 'start', transform: 'rotate(-18 ' + x(e.at) + ' ' + y + ')' }, e.type));
      g.append(svg('title', {}, e.type + ' at +' + ms(e.at)));
      root.append(g);
    });
    inn.forEach(e => {
      const g = svg('g', { class: 'client-frame', 'data-type': e.type });
      g.append(svg('path', { d: 'M' + x(e.at) + ' ' + (AXIS + 8) + ' l-5 9 h10 z' }));
      g.append(svg('title', {}, 'client sent ' + e.type + ' at +' + ms(e.at)));
      root.append(g);
    });
    if (c.ending) {
      const g = svg('g', { class: 'ending', 'data-how': c.ending.how });
      g.append(svg('line', { x1: x(end), y1: AXIS - 80, x2: x(end), y2: AXIS + 14 }));
      g.append(svg('text', { x: x(end) - 4, y: AXIS - 84, 'text-anchor': 'end' }, ending(c)));
      root.append(g);
    }
    return root;
  }

  // ---- faults ----------------------------------------------------------------------------------------------
  async function loadFaults() {
    try {
      const [faults, root] = await Promise.all([api('GET', '/faults'), api('GET', '/')]);
      state.faults = faults.faults.filter(f => f.active);
      $('healthy').checked = root.healthy !== false;
      renderFaults();
    } catch (e) {
      $('add-error').textContent = 'Could not read the faults: ' + e.message;
    }
  }

  function renderFaults() {
    $('rules-empty').hidden = state.faults.length > 0;
    $('rules-body').replaceChildren(...state.faults.map(f => el('tr', { class: 'rule', 'data-id': f.id },
      el('td', { class: 'mono' }, f.id),
      el('td', {}, faultLabel(f), el('div', { class: 'muted counts' }, f.chances + ' chances · ' + f.hits + ' hits')),
      el('td', {}, el('button', { class: 'remove', onclick: () => act(() => api('DELETE', '/faults/' + encodeURIComponent(f.id))) }, 'remove')))));
  }

  async function loadPresets() {
    try {
      const body = await api('GET', '/presets');
      state.presets = body.details || body.presets.map(name => ({ name, description: '' }));
    } catch (e) {
      state.presets = [];
    }
    $('presets').replaceChildren(...state.presets.map(p => el('div', { class: 'preset' },
      el('button', { 'data-preset': p.name, onclick: () => act(() => api('POST', '/presets/' + encodeURIComponent(p.name), {})) }, p.name),
      el('span', { class: 'muted' }, p.description))));
  }

  async function act(fn) {
    $('add-error').textContent = '';
    try { await fn(); } catch (e) { $('add-error').textContent = e.message; }
    await loadFaults();
  }

  // ---- journal and feed ------------------------------------------------------------------------------------
  async function loadJournal() {
    try {
      const body = await api('GET', '/journal?summary=true');
      state.ws.clear();
      state.http.clear();
      body.connections.forEach(c => keep(state.ws, c));
      body.requests.forEach(r => keep(state.http, r));
      state.cursor = body.cursor;
      renderList();
    } catch (e) {
      $('counts').textContent = 'Could not read the journal: ' + e.message;
    }
  }

  /** After a burst or dropped events: only what changed since the last read. */
  async function catchUp() {
    try {
      const body = await api('GET', '/journal?summary=true&since=' + state.cursor);
      body.connections.forEach(c => keep(state.ws, c));
      body.requests.forEach(r => keep(state.http, r));
      state.cursor = body.cursor;
      renderList();
      if (state.selected && body.connections.some(c => c.id === state.selected)) detailSoon();
      faultsSoon();
    } catch (e) {
      $('counts').textContent = 'Could not read the journal: ' + e.message;
    }
  }

  const renderSoon = later(renderList, 150);
  const detailSoon = later(loadDetail, 250);
  const faultsSoon = later(loadFaults, 400);
  const catchUpSoon = later(catchUp, 500);

  function feed() {
    const source = new EventSource('/events' + (TOKEN ? '?token=' + encodeURIComponent(TOKEN) : ''));
    const pill = $('feed');
    source.addEventListener('hello', () => { pill.textContent = 'live'; pill.dataset.state = 'live'; loadJournal(); loadFaults(); });
    source.addEventListener('ws', ev => {
      const c = JSON.parse(ev.data);
      keep(state.ws, c);
      renderSoon();
      if (c.id === state.selected) detailSoon();
      if (c.faults.length) faultsSoon();
    });
    source.addEventListener('http', ev => {
      const r = JSON.parse(ev.data);
      keep(state.http, r);
      renderSoon();
      if (r.faults.length) faultsSoon();
    });
    source.addEventListener('dropped', () => { pill.textContent = 'live (caught up)'; catchUpSoon(); });
    source.addEventListener('burst', () => { pill.textContent = 'live (busy)'; catchUpSoon(); });
    source.addEventListener('cleared', () => { state.ws.clear(); state.http.clear(); renderSoon(); });
    source.onerror = () => { pill.textContent = 'reconnecting…'; pill.dataset.state = 'down'; };
  }

  // ---- wiring ----------------------------------------------------------------------------------------------
  function tab(which) {
    state.tab = which;
    state.page = 0;
    $('tab-ws').classList.toggle('on', which === 'ws');
    $('tab-http').classList.toggle('on', which === 'http');
    renderList();
  }
  $('tab-ws').addEventListener('click', () => tab('ws'));
  $('tab-http').addEventListener('click', () => tab('http'));
  $('prev').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); renderList(); });
  $('next').addEventListener('click', () => { state.page++; renderList(); });
  $('filter-user').addEventListener('input', ev => { state.user = ev.target.value.trim(); state.page = 0; renderList(); });
  $('add-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const text = $('add-json').value;
    try { JSON.parse(text); } catch (e) { $('add-error').textContent = 'Not JSON: ' + e.message; return; }
    act(() => api('POST', '/faults', text));
  });
  $('healthy').addEventListener('change', ev => act(() => api('PUT', '/health', ev.target.checked
    ? { healthy: true } : { healthy: false, message: 'unhealthy (set from the live page)' })));
  $('reset').addEventListener('click', () => act(async () => {
    await api('POST', '/reset', {});
    state.selected = null; state.detail = null; renderDetail();
    await loadJournal();
  }));
  // an open connection's timeline keeps growing while nothing is sent (a stall shows as it happens)
  setInterval(() => { if (state.detail && !state.detail.ending) $('timeline').replaceChildren(timeline(state.detail)); }, 1000);

  renderDetail();
  loadPresets();
  loadFaults();
  feed();
})();
