// The stylesheet and script inlined into access-matrix.html. Plain strings (no build step, nothing fetched).
// The script never uses innerHTML with data: every value goes in through textContent.

export const CSS = `
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --bg: #ffffff; --accent: #0b5cad;
  --pass: #1a7f37; --pass-bg: #dafbe1; --pass-line: #8fd8a3;
  --fail: #b42318; --fail-bg: #ffe4e1; --fail-line: #f4a39b;
  --error: #8a5300; --error-bg: #fff1c2; --error-line: #e8c463;
  --none-bg: #f6f8fa;
  --allow: #0b5d33; --allow-bg: #b8ebcb; --allow-line: #5cc586;
  --deny: #37414d; --deny-bg: #dde2e8; --deny-line: #9aa6b2;
  --dis: #6f42c1;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 14px/1.45 var(--sans); color: var(--ink); background: var(--soft); }
a { color: var(--accent); }
code, .mono { font-family: var(--mono); font-size: 12.5px; }
.muted { color: var(--muted); }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
[hidden] { display: none !important; }

.top { background: #0d1b2a; color: #e6edf3; padding: 20px 28px 18px; }
.top .product { font-size: 12px; letter-spacing: .08em; text-transform: uppercase; color: #9fb3c8; margin: 0 0 4px; }
.top h1 { margin: 0; font-size: 24px; font-weight: 650; }
.top .meta { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 10px 0 0; padding: 0; }
.top .meta div { display: flex; gap: 6px; }
.top .meta dt { color: #9fb3c8; }
.top .meta dd { margin: 0; font-weight: 550; }

.page { max-width: 1480px; margin: 0 auto; padding: 18px 28px 40px; }
.status { display: flex; align-items: center; gap: 12px; border: 1px solid; border-radius: 8px; padding: 12px 16px; margin: 0 0 16px; font-size: 15px; }
.status svg { width: 22px; height: 22px; flex: none; }
.status.v-pass { background: var(--pass-bg); border-color: var(--pass-line); color: #0f5323; }
.status.v-fail { background: var(--fail-bg); border-color: var(--fail-line); color: #7a1610; }
.status.v-error { background: var(--error-bg); border-color: var(--error-line); color: #5c3900; }
.status strong { font-weight: 650; }

.stats { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 12px; margin: 0 0 16px; padding: 0; list-style: none; }
.stat { background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; border-top: 4px solid var(--line); }
.stat .n { display: block; font-size: 26px; font-weight: 650; line-height: 1.1; font-variant-numeric: tabular-nums; }
.stat .l { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .05em; }
.stat.s-pass { border-top-color: var(--pass); } .stat.s-fail { border-top-color: var(--fail); }
.stat.s-error { border-top-color: #d4a72c; } .stat.s-dis { border-top-color: #6f42c1; }

.toolbar { position: sticky; top: 0; z-index: 5; display: flex; flex-wrap: wrap; align-items: end; gap: 10px 14px; background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 0 0 14px; box-shadow: 0 1px 2px rgba(0,0,0,.04); }
.toolbar label { display: flex; flex-direction: column; gap: 3px; font-size: 12px; color: var(--muted); font-weight: 550; }
.toolbar select, .toolbar input { font: inherit; color: var(--ink); min-width: 150px; padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); }
.toolbar input { min-width: 200px; }
.toolbar button { font: inherit; padding: 5px 12px; border: 1px solid var(--line); border-radius: 6px; background: var(--soft); cursor: pointer; }
.toolbar button:hover { background: #eef1f4; }
.toolbar .count { margin-left: auto; color: var(--muted); align-self: center; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }

.legend { display: flex; flex-wrap: wrap; gap: 8px 18px; margin: 0 0 14px; padding: 0; list-style: none; color: var(--muted); font-size: 12.5px; }
.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; border: 1px solid; }
.swatch.a-allow { background: var(--allow-bg); border-color: var(--allow-line); }
.swatch.a-deny { background: var(--deny-bg); border-color: var(--deny-line); }
.swatch.a-error { background: repeating-linear-gradient(135deg, var(--error-bg) 0 4px, #fff 4px 7px); border-color: var(--error-line); }
.swatch.none { background: var(--none-bg); border-color: var(--line); }
.legend .group { font-weight: 600; color: var(--ink); }

.layout { display: grid; grid-template-columns: minmax(0, 1fr) 400px; gap: 16px; align-items: start; }
.panel { background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px; margin: 0 0 16px; }
.panel > h2 { font-size: 17px; margin: 0 0 10px; display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px; }
.panel > h2 .sub { font-size: 13px; font-weight: 400; color: var(--muted); }
.grids { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 18px 28px; }
.empty { color: var(--muted); font-style: italic; }

table.matrix { border-collapse: separate; border-spacing: 0; font-size: 13px; }
table.matrix caption { text-align: left; padding: 0 0 8px; font-weight: 600; }
.method { display: inline-block; font-family: var(--mono); font-size: 11.5px; font-weight: 700; padding: 1px 6px; border-radius: 4px; background: #ddf4ff; color: #0550ae; margin-right: 4px; }
.path { font-family: var(--mono); }
table.matrix th, table.matrix td { border-right: 1px solid var(--line); border-bottom: 1px solid var(--line); padding: 0; }
table.matrix thead th { border-top: 1px solid var(--line); background: var(--soft); font-weight: 600; padding: 6px 10px; font-size: 12.5px; text-align: center; }
table.matrix tr > :first-child { border-left: 1px solid var(--line); }
table.matrix thead th:first-child { border-top-left-radius: 6px; text-align: left; color: var(--muted); font-weight: 500; }
table.matrix thead th:last-child { border-top-right-radius: 6px; }
table.matrix tbody th { text-align: left; padding: 6px 10px; background: var(--bg); font-weight: 600; white-space: nowrap; }
table.matrix tbody th .arn { display: block; font-family: var(--mono); font-size: 11px; color: var(--muted); font-weight: 400; max-width: 300px; overflow: hidden; text-overflow: ellipsis; }
td.none { background: var(--none-bg); color: #8c959f; text-align: center; min-width: 96px; }
button.cell { all: unset; box-sizing: border-box; position: relative; display: flex; align-items: center; justify-content: center; gap: 6px; width: 100%; min-width: 104px; min-height: 40px; padding: 6px 12px; cursor: pointer; font-weight: 600; font-size: 13px; }
button.cell .times { font-weight: 500; font-size: 11px; opacity: .8; }
button.cell .exp { display: block; font-weight: 500; font-size: 11px; }
button.cell .txt { text-align: center; line-height: 1.2; }
/* A cell's colour says who has access (allow or deny); its mark says whether the scenario holds. */
button.cell.a-allow { background: var(--allow-bg); color: var(--allow); }
button.cell.a-deny { background: var(--deny-bg); color: var(--deny); }
button.cell.a-error, button.cell.a-none { background: repeating-linear-gradient(135deg, var(--error-bg) 0 6px, #fff 6px 10px); color: var(--error); }
button.cell.a-mixed { background: linear-gradient(135deg, var(--allow-bg) 50%, var(--deny-bg) 50%); color: var(--ink); }
table.matrix td.a-allow { background: var(--allow-bg); } table.matrix td.a-deny { background: var(--deny-bg); }
table.matrix td.dim { background: var(--bg); }
.mark { display: inline-flex; align-items: center; justify-content: center; flex: none; width: 20px; height: 20px; border-radius: 50%; border: 1.5px solid; font-size: 12px; font-weight: 800; line-height: 1; }
.mark svg { width: 12px; height: 12px; }
.mark.m-pass { color: var(--pass); background: #fff; border-color: var(--pass); }
.mark.m-fail { color: #fff; background: var(--fail); border-color: var(--fail); }
.mark.m-error { color: #3d2600; background: #ffd23f; border-color: #8a5300; border-radius: 3px; }
.mark.m-dis { color: #fff; background: var(--dis); border-color: var(--dis); }
button.cell.v-fail { box-shadow: inset 0 0 0 2px var(--fail); }
button.cell.v-error { box-shadow: inset 0 0 0 2px #8a5300; }
button.cell:hover { filter: brightness(.96); }
button.cell:focus-visible { outline: 2px solid var(--accent); outline-offset: -3px; }
button.cell.selected { box-shadow: inset 0 0 0 3px var(--accent); }
td.dim button.cell { visibility: hidden; }

aside.detail { position: sticky; top: 76px; max-height: calc(100vh - 92px); overflow: auto; background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
aside.detail > header { display: flex; justify-content: space-between; align-items: center; gap: 8px; margin: 0 0 8px; }
aside.detail h2 { font-size: 16px; margin: 0; }
aside.detail h2:focus { outline: none; }
aside.detail .close { font: inherit; font-size: 12px; border: 1px solid var(--line); background: var(--soft); border-radius: 6px; padding: 3px 9px; cursor: pointer; }
.card { border: 1px solid var(--line); border-left: 5px solid var(--line); border-radius: 6px; padding: 10px 12px; margin: 0 0 12px; }
.card.v-pass { border-left-color: var(--pass); } .card.v-fail { border-left-color: var(--fail); } .card.v-error { border-left-color: #d4a72c; }
.card h3 { font-size: 15px; margin: 4px 0 2px; }
.card h4 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 12px 0 4px; }
.card .sub { margin: 0; color: var(--muted); font-size: 12.5px; }
.badge { display: inline-block; font-size: 11px; font-weight: 700; letter-spacing: .05em; padding: 1px 7px; border-radius: 10px; border: 1px solid; }
.badge.v-pass { color: var(--pass); background: var(--pass-bg); border-color: var(--pass-line); }
.badge.v-fail { color: var(--fail); background: var(--fail-bg); border-color: var(--fail-line); }
.badge.v-error { color: var(--error); background: var(--error-bg); border-color: var(--error-line); }
.trio { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 6px; margin: 10px 0 0; }
.trio > div { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
.trio .k { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.trio .v { font-size: 15px; font-weight: 650; }
.trio .d { font-size: 11.5px; color: var(--muted); overflow-wrap: anywhere; }
.callout { margin: 10px 0 0; padding: 8px 10px; border-radius: 6px; background: #f3eefc; border: 1px solid #cdb8f0; color: #3f2384; font-size: 12.5px; }
dl.kv { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 12px; margin: 0; font-size: 12.5px; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
ol.explain, ul.stmts { margin: 0; padding-left: 20px; font-size: 12.5px; }
ol.explain li, ul.stmts li { margin: 2px 0; overflow-wrap: anywhere; }

.att { list-style: none; margin: 0; padding: 0; }
.att > li { border: 1px solid var(--line); border-left: 5px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 0 0 8px; }
.att > li.v-fail { border-left-color: var(--fail); } .att > li.v-error { border-left-color: #d4a72c; } .att > li.v-pass { border-left-color: #6f42c1; }
.att .line1 { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; font-weight: 600; }
.att .line1 .muted { font-weight: 400; }
.att ul { margin: 4px 0 0; padding-left: 20px; font-size: 12.5px; }
.att ul li { overflow-wrap: anywhere; }
.att .why { color: var(--muted); }
.att .scn { margin: 2px 0 0; color: var(--muted); font-size: 12.5px; }

.policy { border-top: 1px solid var(--line); padding: 10px 0 0; margin: 10px 0 0; }
.policy:first-of-type { border-top: 0; margin-top: 0; padding-top: 0; }
.policy h3 { font-size: 14px; margin: 0 0 6px; }
.policy pre { background: #0d1b2a; color: #e6edf3; border-radius: 6px; padding: 10px 12px; overflow: auto; max-height: 420px; font: 12px/1.5 var(--mono); margin: 8px 0 0; white-space: pre; }
.hash-ok { color: var(--pass); font-weight: 600; } .hash-bad { color: var(--fail); font-weight: 600; }

table.list { border-collapse: collapse; width: 100%; font-size: 12.5px; }
table.list th, table.list td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
table.list thead th { background: var(--soft); position: sticky; top: 0; }
table.list td.vd { font-weight: 700; white-space: nowrap; }
table.list td.mono { white-space: nowrap; }
table.list tr.v-pass td.vd { color: var(--pass); } table.list tr.v-fail td.vd { color: var(--fail); } table.list tr.v-error td.vd { color: var(--error); }
details > summary { cursor: pointer; font-weight: 600; font-size: 15px; }
footer.foot { color: var(--muted); font-size: 12px; margin: 24px 0 0; }
.print-only { display: none; }

@media (max-width: 1100px) {
  .layout { grid-template-columns: minmax(0, 1fr); }
  aside.detail { position: static; max-height: none; }
  .stats { grid-template-columns: repeat(3, minmax(0, 1fr)); }
}
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: #fff; font-size: 11px; }
  .top { background: #fff; color: #000; border-bottom: 2px solid #000; padding: 0 0 8px; }
  .top .product, .top .meta dt { color: #444; }
  .page { max-width: none; padding: 8px 0 0; }
  .toolbar, aside.detail, .no-print { display: none !important; }
  .print-only { display: block; }
  .layout { display: block; }
  .panel { border: 0; padding: 0; margin: 0 0 12px; }
  .stats { grid-template-columns: repeat(5, 1fr); }
  table.matrix, .att > li, .policy { break-inside: avoid; }
  .panel > h2 { break-after: avoid; }
  button.cell { min-height: 0; padding: 3px 8px; }
  button.cell.selected { box-shadow: none; }
  .policy pre { background: #fff; color: #000; border: 1px solid #999; max-height: none; overflow: visible; white-space: pre-wrap; }
  table.list thead th { position: static; }
  details > summary { list-style: none; }
}
`;

export const JS = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('spokegate-data').textContent);
  var cells = data.cells;
  var byId = function (id) { return document.getElementById(id); };
  var fRole = byId('f-role'), fApi = byId('f-api'), fVerdict = byId('f-verdict'), fEndpoint = byId('f-endpoint'), fText = byId('f-text');
  var countEl = byId('f-count'), noteEl = byId('filter-note');
  var detailTitle = byId('detail-title'), detailBody = byId('detail-body');
  var lastButton = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function kv(dl, k, v) {
    if (v === undefined || v === null || v === '') return;
    dl.appendChild(el('dt', null, k));
    var dd = el('dd', null, v);
    dl.appendChild(dd);
    return dd;
  }
  function indexesOf(node) {
    var s = node.getAttribute('data-cells') || '';
    return s ? s.split(',').map(Number) : [];
  }

  function cellMatches(c) {
    var v = fVerdict.value;
    if (v === 'disagreement' ? !c.disagreement : v === 'attention' ? c.verdict === 'pass' : v && c.verdict !== v) return false;
    if (fRole.value && c.role !== fRole.value) return false;
    if (fApi.value && c.api !== fApi.value) return false;
    if (fEndpoint.value && c.endpoint !== fEndpoint.value) return false;
    var q = fText.value.trim().toLowerCase();
    if (q) {
      var hay = [c.role, c.principal, c.api, c.method, c.path, c.endpoint, c.scenario, c.scenarioLocation || '', c.note || ''].join(' ').toLowerCase();
      if (hay.indexOf(q) < 0) return false;
    }
    return true;
  }

  function applyFilters() {
    var shown = 0;
    var matched = cells.map(cellMatches);
    matched.forEach(function (m) { if (m) shown++; });
    // Matrices: a role filter hides rows, an API filter hides columns, the rest dims positions.
    document.querySelectorAll('table.matrix').forEach(function (t) {
      var visibleRows = 0;
      t.querySelectorAll('[data-api]').forEach(function (c) {
        c.hidden = !!fApi.value && c.getAttribute('data-api') !== fApi.value;
      });
      t.querySelectorAll('tbody tr').forEach(function (tr) {
        var rowHidden = !!fRole.value && tr.getAttribute('data-role') !== fRole.value;
        var any = false;
        tr.querySelectorAll('td[data-cells]').forEach(function (td) {
          var ok = indexesOf(td).some(function (i) { return matched[i]; });
          td.classList.toggle('dim', !ok);
          if (ok && !td.hidden) any = true;
        });
        tr.hidden = rowHidden || !any;
        if (!tr.hidden) visibleRows++;
      });
      t.hidden = visibleRows === 0;
    });
    document.querySelectorAll('section[data-endpoint]').forEach(function (s) {
      var any = s.querySelector('table.matrix:not([hidden])');
      s.hidden = !any;
    });
    document.querySelectorAll('[data-idx]').forEach(function (n) {
      n.hidden = !matched[Number(n.getAttribute('data-idx'))];
    });
    byId('no-match').hidden = shown > 0;
    countEl.textContent = 'Showing ' + shown + ' of ' + cells.length + ' cells';
    var active = [];
    if (fRole.value) active.push('role ' + fRole.value);
    if (fApi.value) active.push('API ' + fApi.value);
    if (fVerdict.value) active.push('verdict ' + fVerdict.options[fVerdict.selectedIndex].text);
    if (fEndpoint.value) active.push('endpoint ' + fEndpoint.value);
    if (fText.value.trim()) active.push('text "' + fText.value.trim() + '"');
    noteEl.textContent = active.length ? 'Filtered: ' + active.join(', ') + ' (' + shown + ' of ' + cells.length + ' cells shown).' : '';
  }

  function decisionWord(c) {
    if (c.observed) return c.observed.outcome;
    return c.predicted ? c.predicted.decision : 'none';
  }

  function renderCell(c) {
    var card = el('article', 'card v-' + c.verdict);
    card.setAttribute('data-detail-cell', '');
    var head = el('div', 'line1');
    head.appendChild(el('span', 'badge v-' + c.verdict, c.verdict.toUpperCase()));
    if (c.disagreement) head.appendChild(el('span', 'badge', 'DISAGREEMENT'));
    card.appendChild(head);
    card.appendChild(el('h3', null, c.role + ' \\u2192 ' + c.api));
    card.appendChild(el('p', 'sub', c.method + ' ' + c.path + ' through ' + c.endpoint));
    card.appendChild(el('p', 'sub', 'Scenario: ' + c.scenario + (c.scenarioLocation ? ' (' + c.scenarioLocation + ')' : '')));

    var trio = el('div', 'trio');
    function box(k, v, d) {
      var b = el('div');
      b.appendChild(el('div', 'k', k));
      b.appendChild(el('div', 'v', v));
      if (d) b.appendChild(el('div', 'd', d));
      trio.appendChild(b);
    }
    box('Expected', c.expected || 'no claim', 'from the scenario');
    var p = c.predicted;
    box('Predicted', p ? p.decision : 'none', p ? [p.detail, p.layer ? p.layer + ' policy' : null].filter(Boolean).join(' \\u00b7 ') : 'not predicted');
    var o = c.observed;
    box('Observed', o ? o.outcome : 'not sent', o ? o.reason + (o.status !== null ? ' \\u00b7 HTTP ' + o.status : '') : (data.run.mode === 'offline' ? 'offline run' : 'no observation'));
    card.appendChild(trio);

    if (c.disagreement) {
      card.appendChild(el('p', 'callout', 'The policies predict ' + (p ? p.decision : '?') + ' but the wire showed ' + decisionWord(c) + '. Both explanations are below.'));
    }
    if (o && o.outcome === 'error') {
      card.appendChild(el('p', 'callout', 'The call ended in an error, so this cell proves nothing either way (fail closed).'));
    }

    card.appendChild(el('h4', null, 'Principal'));
    card.appendChild(el('p', 'mono', c.principal));

    if (p) {
      card.appendChild(el('h4', null, 'Deciding statements'));
      if (p.statements.length) {
        var ul = el('ul', 'stmts');
        p.statements.forEach(function (s) {
          // policy/statement-ref.ts's shape: POLICY[INDEX] (Sid "SID")
          ul.appendChild(el('li', 'mono', s.policy + '[' + s.index + ']' + (s.sid ? ' (Sid "' + s.sid + '")' : '')));
        });
        card.appendChild(ul);
      } else {
        card.appendChild(el('p', 'sub', p.detail === 'ImplicitDeny' ? 'None: no statement allows the call (implicit deny).' : 'None listed.'));
      }
      var ex = p.explanation || [];
      card.appendChild(el('h4', null, 'Why (policy evaluation)'));
      if (ex.length) {
        var ol = el('ol', 'explain');
        ex.forEach(function (line) { ol.appendChild(el('li', null, line)); });
        card.appendChild(ol);
      } else {
        card.appendChild(el('p', 'sub', 'No explanation recorded.'));
      }
    }
    if (o) {
      card.appendChild(el('h4', null, 'On the wire'));
      var dl = el('dl', 'kv');
      kv(dl, 'Status', o.status === null ? 'no response' : String(o.status));
      kv(dl, 'Outcome', o.outcome + ' (' + o.reason + ')');
      var rid = kv(dl, 'Request id', o.requestId || 'none');
      if (rid) rid.className = 'mono';
      kv(dl, 'Time', o.at || '');
      kv(dl, 'Latency', o.latencyMs + ' ms');
      kv(dl, 'Attempts', String(o.attempts));
      kv(dl, 'Message', o.message || '');
      card.appendChild(dl);
    }
    if (c.note) {
      card.appendChild(el('h4', null, 'Note'));
      card.appendChild(el('p', null, c.note));
    }
    return card;
  }

  function showDetail(button) {
    if (lastButton) lastButton.classList.remove('selected');
    lastButton = button;
    button.classList.add('selected');
    var idx = indexesOf(button);
    var first = cells[idx[0]];
    detailTitle.textContent = first.role + ' \\u2192 ' + first.api + ', ' + first.method + ' ' + first.path + (idx.length > 1 ? ' (' + idx.length + ' scenarios)' : '');
    detailBody.textContent = '';
    idx.forEach(function (i) { detailBody.appendChild(renderCell(cells[i])); });
    byId('detail-close').hidden = false;
    detailTitle.focus();
  }
  function clearDetail() {
    if (lastButton) { lastButton.classList.remove('selected'); lastButton.focus(); }
    lastButton = null;
    detailTitle.textContent = 'Cell details';
    detailBody.textContent = '';
    detailBody.appendChild(el('p', 'muted', 'Select a cell in a matrix to see what was expected, predicted and observed, the deciding statements and the explanation.'));
    byId('detail-close').hidden = true;
  }

  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('button.cell');
    if (b) showDetail(b);
  });
  byId('detail-close').addEventListener('click', clearDetail);
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && lastButton) clearDetail(); });
  [fRole, fApi, fVerdict, fEndpoint].forEach(function (s) { s.addEventListener('change', applyFilters); });
  fText.addEventListener('input', applyFilters);
  byId('f-reset').addEventListener('click', function () {
    fRole.value = ''; fApi.value = ''; fVerdict.value = ''; fEndpoint.value = ''; fText.value = '';
    applyFilters();
  });
  // Printing shows the collapsed sections too.
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.setAttribute('data-was-open', d.open ? '1' : ''); d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    document.querySelectorAll('details[data-was-open]').forEach(function (d) { d.open = d.getAttribute('data-was-open') === '1'; d.removeAttribute('data-was-open'); });
  });
  document.documentElement.classList.add('js');
  applyFilters();
})();
`;
