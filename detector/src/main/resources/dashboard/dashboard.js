// streamad live dashboard: server-sent events from /api/live/stream, models from /models and the trainer's status from /api/live/trainer.
// No framework and nothing fetched from outside the detector.
(function () {
  'use strict';

  const MAX_POINTS = 1000;
  const MAX_ANOMALIES = 50;
  const SVG = 'http://www.w3.org/2000/svg';
  const view = { key: null, chosenByUser: false, points: [], anomalies: [], keys: [] };
  let source = null;
  let drawPending = false;

  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, text) => {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const num = (x) => (x === null || x === undefined || Number.isNaN(x)) ? '–'
    : Number.isInteger(x) || Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en') : Number(x).toPrecision(3);
  const time = (ms) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');

  function connect(key) {
    if (source) source.close();
    view.key = key;
    const url = '/api/live/stream' + (key ? '?key=' + encodeURIComponent(key) : '');
    source = new EventSource(url);
    source.onopen = () => { $('connection').textContent = 'live'; $('connection').className = 'connection live'; };
    source.onerror = () => { $('connection').textContent = 'reconnecting…'; $('connection').className = 'connection'; };
    source.addEventListener('snapshot', (e) => {
      const s = JSON.parse(e.data);
      view.key = s.key;
      view.points = s.points || [];
      view.anomalies = (s.anomalies || []).slice(0, MAX_ANOMALIES);
      renderStats(s.stats);
      renderAnomalies(false);
      schedule();
    });
    source.addEventListener('points', (e) => {
      view.points.push(...JSON.parse(e.data));
      if (view.points.length > MAX_POINTS) view.points.splice(0, view.points.length - MAX_POINTS);
      schedule();
    });
    source.addEventListener('anomalies', (e) => {
      JSON.parse(e.data).forEach((a) => view.anomalies.unshift(a));
      view.anomalies.length = Math.min(view.anomalies.length, MAX_ANOMALIES);
      renderAnomalies(true);
      schedule();
    });
    source.addEventListener('stats', (e) => renderStats(JSON.parse(e.data)));
  }

  function choose(key) {
    view.chosenByUser = true;
    if (key !== view.key) connect(key);
  }

  function schedule() {
    if (!drawPending) { drawPending = true; requestAnimationFrame(() => { drawPending = false; drawChart(); }); }
  }

  function renderStats(s) {
    if (!s) return;
    $('stat-rate').textContent = num(s.recordsPerSecond);
    $('stat-scored').textContent = num(s.scored);
    $('stat-anomalies').textContent = num(s.anomalies);
    $('stat-lag').textContent = s.lag === null || s.lag === undefined ? 'n/a' : num(s.lag);
    const reasons = Object.entries(s.deadLetters || {});
    $('stat-dlq').textContent = num(reasons.reduce((sum, [, n]) => sum + n, 0));
    $('stat-dlq-reasons').textContent = reasons.map(([r, n]) => r + ' ' + n).join(', ');
    view.keys = s.keys || [];
    renderKeys();
    if (!view.key && view.keys.length) connect(view.keys[0].key);
  }

  function renderKeys() {
    const select = $('key');
    const keys = view.keys.slice();
    if (view.key && !keys.some((k) => k.key === view.key)) keys.unshift({ key: view.key, kind: '', points: 0, anomalies: 0 });
    select.replaceChildren(...keys.map((k) => {
      const o = el('option', { value: k.key }, k.key + (k.kind ? ' (' + k.kind.toLowerCase() + ')' : '')
        + (k.anomalies ? ' ⚠ ' + k.anomalies : ''));
      if (k.key === view.key) o.selected = true;
      return o;
    }));
  }

  function renderAnomalies(fresh) {
    const body = $('anomalies').tBodies[0];
    body.replaceChildren(...view.anomalies.map((a, i) => {
      const tr = el('tr', { class: 'anomaly-row' + (fresh && i === 0 ? ' fresh' : ''), 'data-key': a.key });
      tr.append(el('td', {}, time(a.t)), el('td', { class: 'key' }, a.key), el('td', {}, a.kind.toLowerCase()),
        el('td', {}, num(a.score)), el('td', {}, num(a.threshold) + (a.thresholdSource === 'GLOBAL' ? ' (global)' : '')),
        el('td', { class: 'version' }, a.model));
      const top = el('td', { class: 'top' });
      (a.top || []).forEach((c) => {
        const f = el('span', { class: 'feature' });
        f.append(el('span', { class: 'bar', style: 'width:' + Math.max(2, Math.round(40 * c.share)) + 'px' }),
          document.createTextNode(c.feature + ' ' + Math.round(100 * c.share) + '%'));
        top.append(f);
      });
      tr.append(top);
      tr.addEventListener('click', () => choose(a.key));
      return tr;
    }));
    $('anomalies-empty').style.display = view.anomalies.length ? 'none' : '';
  }

  function drawChart() {
    const svg = $('chart');
    const w = svg.clientWidth || 800, h = svg.clientHeight || 300;
    const m = { l: 54, r: 10, t: 10, b: 24 };
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    svg.replaceChildren();
    const pts = view.points;
    const positive = pts.flatMap((p) => [p.score, p.threshold]).filter((v) => v > 0);
    $('chart-note').textContent = !view.key ? 'waiting for scores…'
      : pts.length + ' points for ' + view.key + (positive.length ? '' : ' (warming up: no model or window yet)');
    if (pts.length < 2) return;
    const t0 = pts[0].t, t1 = Math.max(pts[pts.length - 1].t, t0 + 1);
    const lo = positive.length ? Math.log10(Math.min(...positive)) - 0.1 : -3;
    const hi = positive.length ? Math.log10(Math.max(...positive)) + 0.1 : 0;
    const x = (t) => m.l + (w - m.l - m.r) * (t - t0) / (t1 - t0);
    const y = (v) => h - m.b - (h - m.t - m.b) * (Math.log10(v) - lo) / Math.max(hi - lo, 1e-9);
    const yWarm = h - m.b;

    const axis = (x1, y1, x2, y2) => { const l = document.createElementNS(SVG, 'line');
      Object.entries({ x1, y1, x2, y2, class: 'axis' }).forEach(([k, v]) => l.setAttribute(k, v)); svg.append(l); };
    const label = (tx, ty, text, anchor) => { const t = document.createElementNS(SVG, 'text');
      t.setAttribute('x', tx); t.setAttribute('y', ty); t.setAttribute('text-anchor', anchor || 'start');
      t.textContent = text; svg.append(t); };
    for (let d = Math.ceil(lo); d <= Math.floor(hi); d++) {
      axis(m.l, y(10 ** d), w - m.r, y(10 ** d));
      label(m.l - 4, y(10 ** d) + 4, '1e' + d, 'end');
    }
    axis(m.l, h - m.b, w - m.r, h - m.b);
    label(m.l, h - 6, time(t0));
    label(w - m.r, h - 6, time(t1), 'end');

    const path = (cls, value) => {
      let d = '', pen = false;
      pts.forEach((p) => {
        const v = value(p);
        if (v > 0) { d += (pen ? 'L' : 'M') + x(p.t).toFixed(1) + ' ' + y(v).toFixed(1); pen = true; } else pen = false;
      });
      if (d) { const e = document.createElementNS(SVG, 'path'); e.setAttribute('d', d); e.setAttribute('class', cls); svg.append(e); }
    };
    const warm = pts.filter((p) => p.verdict === 'WARMING_UP');
    if (warm.length) {
      const e = document.createElementNS(SVG, 'path');
      e.setAttribute('d', warm.map((p, i) => (i ? 'L' : 'M') + x(p.t).toFixed(1) + ' ' + yWarm).join(''));
      e.setAttribute('class', 'warm-line'); svg.append(e);
    }
    path('threshold-line', (p) => p.threshold);
    path('score-line', (p) => p.verdict === 'WARMING_UP' ? 0 : p.score);
    // every score over its threshold is marked; the ones that raised an anomaly event (once per incident) ringed
    const events = new Set(view.anomalies.filter((a) => a.key === view.key).map((a) => a.t));
    pts.filter((p) => p.verdict === 'ANOMALY' && p.score > 0).forEach((p) => {
      const c = document.createElementNS(SVG, 'circle');
      c.setAttribute('cx', x(p.t)); c.setAttribute('cy', y(p.score)); c.setAttribute('r', events.has(p.t) ? 6.5 : 4);
      c.setAttribute('class', 'anomaly-marker' + (events.has(p.t) ? ' event' : ''));
      const tip = document.createElementNS(SVG, 'title'); tip.textContent = time(p.t) + ' score ' + num(p.score);
      c.append(tip); svg.append(c);
    });
  }

  async function json(url) {
    const r = await fetch(url, { headers: { Accept: 'application/json' } });
    return r.ok ? r.json() : null;
  }

  async function refreshModels() {
    try {
      const models = await json('/models');
      const trainer = await json('/api/live/trainer');
      const box = $('models');
      const families = await Promise.all(((models && models.families) || []).map(async (f) => {
        const versions = await json('/models/' + encodeURIComponent(f.family) + '/versions');
        return { f, versions: (versions && versions.versions) || null, trainer: trainer && trainer[f.family] };
      }));
      box.replaceChildren(...families.map(({ f, versions, trainer }) => {
        const div = el('div', { class: 'family', id: 'model-' + f.family });
        div.append(el('h3', {}, f.family));
        const serving = el('div', { class: 'serving' }, 'serving ');
        serving.append(el('span', { class: 'version', 'data-test': 'model-version' }, f.serving || 'none yet'));
        if (f.current && f.current.reason) serving.append(document.createTextNode(' (' + f.current.reason + ')'));
        div.append(serving);
        const history = el('ul', { class: 'history' });
        // published versions passed the trainer's gate; refused candidates come from the trainer (in this process, or streamad.dashboard.trainer-url)
        const entries = (versions || []).map((v) => ({ at: Date.parse(v.publishedAt), badge: 'accepted', version: v.version,
          text: ' ' + v.trainingRows + ' rows' + (v.version === f.serving ? ' ← serving' : '') }))
          .concat(((trainer && trainer.candidates) || []).filter((c) => !c.accepted).map((c) => ({
            at: Date.parse(c.at), badge: 'refused', version: c.version, text: ' ' + (c.reason || '') })));
        entries.sort((a, b) => b.at - a.at).forEach((v) => {
          const li = el('li', { class: 'candidate ' + v.badge });
          li.append(el('span', { class: 'badge ' + v.badge }, v.badge), el('span', { class: 'version' }, v.version),
            document.createTextNode(v.text));
          history.append(li);
        });
        if (!history.childElementCount) history.append(el('li', { class: 'note' }, versions === null
          ? 'history needs streamad.models.source=kafka' : 'no versions published yet'));
        div.append(history);
        return div;
      }));
    } catch (err) {
      $('models').replaceChildren(el('p', { class: 'note' }, 'models unavailable: ' + err));
    }
  }

  $('key').addEventListener('change', (e) => choose(e.target.value));
  window.addEventListener('resize', schedule);
  connect(new URLSearchParams(location.search).get('key'));
  refreshModels();
  setInterval(refreshModels, 5000);
})();
