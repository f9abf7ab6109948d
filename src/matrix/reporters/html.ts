// access-matrix.html: one self-contained page for auditors. The matrix, findings and policies are
// rendered here (readable and printable without script); the inline script adds the cell detail panel
// and the filters. A Content-Security-Policy forbids every network load, so the page cannot fetch
// anything even if a value slipped through escaping.
import { createHash } from 'node:crypto';
import { attentionCells, buildGrids, posKey, type Grid, type GridOrder } from '../grid.js';
import { predictionReasons, shownDecision } from '../judge.js';
import { overallVerdict } from '../matrix.js';
import type { AccessMatrixDocument, CellJson, Verdict } from '../types.js';
import { CSS, JS } from './html-assets.js';
import { duration, escapeHtml as h, formatSummaryLine, htmlName as name, jsonForScript } from './text.js';

export interface HtmlOptions {
  order?: GridOrder;
}

const ICONS: Record<Verdict, string> = {
  pass: '<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path fill="currentColor" d="M6.2 13.3 1.6 8.7l1.4-1.4 3.2 3.2 6.8-6.8 1.4 1.4z"/></svg>',
  fail: '<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4.1 2.7 2.7 4.1 6.6 8l-3.9 3.9 1.4 1.4L8 9.4l3.9 3.9 1.4-1.4L9.4 8l3.9-3.9-1.4-1.4L8 6.6z"/></svg>',
  error:
    '<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path fill="currentColor" fill-rule="evenodd" d="M8 1.2 15.4 14.5H.6zM7.2 5.8h1.6v4.4H7.2zm0 5.4h1.6v1.6H7.2z"/></svg>',
};

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const cspHash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function positionButton(cells: CellJson[], indexes: number[]): string {
  const verdict: Verdict = cells.some((c) => c.verdict === 'error')
    ? 'error'
    : cells.some((c) => c.verdict === 'fail')
      ? 'fail'
      : 'pass';
  const decision = positionAccess(cells);
  const failed = cells.find((c) => c.verdict === 'fail');
  const dis = cells.some((c) => c.disagreement);
  const first = cells[0]!;
  const label =
    `${first.role} to ${first.api}, ${first.method} ${first.path} through ${first.endpoint}: ${verdict}, ` +
    `${decision}${failed?.expected ? `, expected ${failed.expected}` : ''}` +
    `${dis ? ', prediction disagrees with the wire' : ''}` +
    `${cells.length > 1 ? `, ${cells.length} scenarios` : ''}. Show details.`;
  const word = decision.charAt(0).toUpperCase() + decision.slice(1);
  // Colour: the access shown (allow, deny, error: no decision). Marks: the verdict, and a
  // disagreement between prediction and wire, each with a shape as well as a colour.
  const marks =
    `<span class="mark m-${verdict}" title="${verdict}">${ICONS[verdict]}</span>` +
    (dis ? '<span class="mark m-dis" title="disagreement">≠</span>' : '');
  return (
    `<button type="button" class="cell a-${decision} v-${verdict}${dis ? ' dis' : ''}" data-cells="${indexes.join(',')}" ` +
    `aria-controls="detail" aria-label="${h(label)}">` +
    `<span class="txt">${h(word)}${cells.length > 1 ? ` <span class="times">×${cells.length}</span>` : ''}` +
    `${failed?.expected ? `<span class="exp">expected ${h(failed.expected)}</span>` : ''}</span>${marks}</button>`
  );
}

/** The access a position shows, for its colour: one decision, or mixed across scenarios. */
function positionAccess(cells: CellJson[]): string {
  const decisions = [...new Set(cells.map((c) => shownDecision(c) ?? 'none'))];
  return decisions.length === 1 ? decisions[0]! : 'mixed';
}

function gridTable(
  g: Grid<CellJson>,
  indexOf: Map<CellJson, number>,
  principals: Map<string, string>,
): string {
  const head = g.apis.map((a) => `<th scope="col" data-api="${h(a)}">${name(a)}</th>`).join('');
  const rows = g.roles
    .map((role) => {
      const principal = principals.get(role) ?? '';
      const tds = g.apis
        .map((api) => {
          const p = g.positions.get(posKey(role, api));
          if (!p) return `<td class="none" data-api="${h(api)}"><span aria-label="not tested">·</span></td>`;
          const idx = p.cells.map((c) => indexOf.get(c)!);
          return `<td class="a-${positionAccess(p.cells)} v-${p.verdict}" data-api="${h(api)}" data-cells="${idx.join(',')}">${positionButton(p.cells, idx)}</td>`;
        })
        .join('');
      const arn =
        principal && principal !== role
          ? `<span class="arn" title="${h(principal)}">${h(principal)}</span>`
          : '';
      return `<tr data-role="${h(role)}"><th scope="row">${name(role)}${arn}</th>${tds}</tr>`;
    })
    .join('\n');
  return (
    `<table class="matrix" data-endpoint="${h(g.endpoint)}">` +
    `<caption><span class="method">${h(g.method)}</span> <span class="path">${h(g.path)}</span> ` +
    `<span class="muted">through ${h(g.endpoint)}</span></caption>` +
    `<thead><tr><th scope="col">Role \\ API</th>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`
  );
}

/** Where the cell's scenario is (feature file and line), after its name: tells same names apart. */
const at = (c: CellJson) =>
  c.scenarioLocation ? ` <span class="mono muted">${h(c.scenarioLocation)}</span>` : '';

function attentionItem(c: CellJson, i: number): string {
  const p = c.predicted;
  const o = c.observed;
  const items: string[] = [];
  items.push(
    `<li>Expected <strong>${h(c.expected ?? 'no claim')}</strong>; predicted <strong>${h(p ? p.decision : 'none')}</strong>` +
      `${p ? ` (${h(p.detail ?? '')}${p.layer ? `, ${h(p.layer)} policy` : ''})` : ''}; observed <strong>` +
      `${h(o ? o.outcome : 'nothing')}</strong>${o ? ` (${h(o.reason)}${o.status !== null ? `, HTTP ${o.status}` : ''}` + `${o.requestId ? `, request <span class="mono">${h(o.requestId)}</span>` : ''}, ${plural(o.attempts, 'attempt')})` : ''}.</li>`,
  );
  if (p?.statements.length) {
    items.push(
      `<li>Deciding statements: ${p.statements.map((s) => `<span class="mono">${h(`${s.policy}[${s.index}]`)}</span>${s.sid ? ` ${h(s.sid)}` : ''}`).join(', ')}</li>`,
    );
  }
  for (const e of p ? predictionReasons(p) : []) items.push(`<li class="why">Predicted: ${h(e)}</li>`);
  if (o?.message) items.push(`<li class="why">Observed: ${h(o.message)}</li>`);
  if (c.note) items.push(`<li class="why">Note: ${h(c.note)}</li>`);
  const what = c.verdict === 'pass' ? 'disagreement' : c.verdict;
  return (
    `<li class="v-${c.verdict}" data-idx="${i}"><div class="line1"><span class="badge v-${c.verdict}">${h(what.toUpperCase())}</span>` +
    `${c.disagreement && c.verdict !== 'pass' ? '<span class="badge">DISAGREEMENT</span>' : ''}` +
    `<span>${name(c.role)} → ${name(c.api)}</span> <span class="method">${h(c.method)}</span><span class="path">${name(c.path)}</span>` +
    `<span class="muted">through ${h(c.endpoint)}</span></div>` +
    `<p class="scn">Scenario “${name(c.scenario)}”${at(c)}</p><ul>${items.join('')}</ul></li>`
  );
}

function policySection(doc: AccessMatrixDocument): string {
  if (!doc.run.endpoints.length) return '<p class="empty">No endpoint policy was recorded for this run.</p>';
  return doc.run.endpoints
    .map((e) => {
      let check = '';
      let shown = e.policyText;
      if (e.policyText !== undefined && e.policySha256 !== null) {
        check =
          sha256(e.policyText) === e.policySha256
            ? '<span class="hash-ok">matches the text below</span>'
            : '<span class="hash-bad">does NOT match the text below</span>';
        // Single-line JSON is shown indented for reading; the hash is of the text as read.
        if (!e.policyText.includes('\n')) {
          try {
            shown = JSON.stringify(JSON.parse(e.policyText), null, 2);
          } catch {
            /* not JSON: show as read */
          }
        }
      }
      return (
        `<div class="policy"><h3>Endpoint ${h(e.alias)} <span class="mono muted">${h(e.id)}</span></h3>` +
        `<dl class="kv"><dt>Source</dt><dd>${h(e.policySource ?? 'not read')}</dd>` +
        `<dt>SHA-256</dt><dd><span class="mono">${h(e.policySha256 ?? 'none: the policy could not be read')}</span>` +
        `${check ? ` · ${check}` : ''}</dd></dl>` +
        (shown !== undefined
          ? `<pre aria-label="Endpoint policy of ${h(e.alias)}">${h(shown)}</pre>`
          : '<p class="empty">The policy text was not recorded.</p>') +
        '</div>'
      );
    })
    .join('\n');
}

function allCellsTable(doc: AccessMatrixDocument): string {
  const rows = doc.cells
    .map((c, i) => {
      const o = c.observed;
      return (
        `<tr class="v-${c.verdict}" data-idx="${i}"><td>${name(c.scenario)}${at(c)}</td><td>${name(c.role)}</td><td>${name(c.api)}</td>` +
        `<td class="mono">${h(c.method)} ${h(c.path)}</td><td>${h(c.endpoint)}</td><td>${h(c.expected ?? '—')}</td>` +
        `<td>${h(c.predicted ? c.predicted.decision : '—')}</td>` +
        `<td>${h(o ? `${o.outcome} (${o.reason}${o.status !== null ? `, ${o.status}` : ''})` : '—')}</td>` +
        `<td class="mono">${h(o?.requestId ?? '')}</td><td class="vd">${h(c.verdict)}${c.disagreement ? ' ≠' : ''}</td></tr>`
      );
    })
    .join('\n');
  return (
    '<table class="list"><thead><tr><th scope="col">Scenario</th><th scope="col">Role</th><th scope="col">API</th>' +
    '<th scope="col">Call</th><th scope="col">Endpoint</th><th scope="col">Expected</th><th scope="col">Predicted</th>' +
    '<th scope="col">Observed</th><th scope="col">Request id</th><th scope="col">Verdict</th></tr></thead>' +
    `<tbody>\n${rows}\n</tbody></table>`
  );
}

function options(values: string[]): string {
  return values.map((v) => `<option value="${h(v)}">${h(v)}</option>`).join('');
}

export function formatHtml(doc: AccessMatrixDocument, opts: HtmlOptions = {}): string {
  const { run, summary } = doc;
  const verdict = overallVerdict(summary);
  const indexOf = new Map(doc.cells.map((c, i) => [c, i] as const));
  const principals = new Map<string, string>();
  for (const c of doc.cells) if (!principals.has(c.role)) principals.set(c.role, c.principal);
  const grids = buildGrids(doc.cells, opts.order);
  const endpoints = [...new Set(grids.map((g) => g.endpoint))];
  const roles = [...new Set(grids.flatMap((g) => g.roles))];
  const apis = [...new Set(grids.flatMap((g) => g.apis))];
  const epInfo = new Map(run.endpoints.map((e) => [e.alias, e]));

  const matrices = endpoints
    .map((ep, n) => {
      const info = epInfo.get(ep);
      const tables = grids
        .filter((g) => g.endpoint === ep)
        .map((g) => gridTable(g, indexOf, principals))
        .join('\n');
      return (
        `<section class="panel" data-endpoint="${h(ep)}" aria-labelledby="ep-${n}">` +
        `<h2 id="ep-${n}">Through endpoint ${h(ep)}${info ? ` <span class="sub mono">${h(info.id)}</span>` : ''}` +
        `<span class="sub">roles × APIs, one matrix per method and path</span></h2>` +
        `<div class="grids">${tables}</div></section>`
      );
    })
    .join('\n');

  const attention = attentionCells(doc.cells);
  const failing = summary.fail + summary.error;
  const badScenarios = (doc.scenarios ?? []).filter((r) => r.status !== 'passed');
  const scenarioText = badScenarios.length
    ? ` <strong>${plural(badScenarios.length, 'scenario')} did not pass</strong>: ` +
      badScenarios
        .map(
          (r) =>
            `${h(r.name)} (${h(r.status)}${r.steps[0] ? `: ${h(r.steps[0].status)} step “${h(r.steps[0].text)}”` : ''})`,
        )
        .join('; ') +
      '.'
    : '';
  const disagreementText = run.allowDisagreement
    ? ' Run with --allow-disagreement: predictions that contradict the wire do not fail it.'
    : '';
  const statusText =
    (summary.cells === 0 && verdict === 'pass'
      ? '<strong>No cells were recorded</strong>, so this run proves nothing about who can reach the APIs.'
      : verdict === 'pass'
        ? `<strong>All ${plural(summary.cells, 'cell')} behave as the scenarios expect.</strong>` +
          (summary.disagreements
            ? ` ${plural(summary.disagreements, 'prediction')} disagreed with the wire; see below.`
            : '')
        : verdict === 'fail'
          ? summary.fail === 0
            ? '<strong>The run failed.</strong>'
            : `<strong>${plural(summary.fail, 'cell')} did not behave as expected.</strong> See “Needs attention” below.`
          : summary.error === 0
            ? '<strong>The run could not finish</strong>, so it proves nothing (fail closed).'
            : `<strong>${plural(summary.error, 'cell')} ended in an error</strong>, so the run proves nothing for ${summary.error === 1 ? 'it' : 'them'} (fail closed)` +
              `${summary.fail ? `; ${plural(summary.fail, 'other cell')} failed` : ''}. See “Needs attention” below.`) +
    scenarioText +
    disagreementText;
  const took = duration(run.startedAt, run.finishedAt);
  const title = `spokegate access matrix · ${verdict.toUpperCase()} · ${run.startedAt}`;
  const stat = (cls: string, n: number, label: string) =>
    `<li class="stat ${cls}"><span class="n">${n}</span><span class="l">${h(label)}</span></li>`;

  const body = `<header class="top">
<p class="product">spokegate · execute-api VPC endpoint access review</p>
<h1>Access matrix</h1>
<dl class="meta">
<div><dt>Result</dt><dd>${verdict.toUpperCase()}</dd></div>
<div><dt>Mode</dt><dd>${h(run.mode)}${run.mode === 'offline' ? ' (predicted only)' : ''}</dd></div>
<div><dt>Region</dt><dd>${h(run.region)}</dd></div>
<div><dt>Started</dt><dd>${h(run.startedAt)}</dd></div>
<div><dt>Finished</dt><dd>${h(run.finishedAt)}${took ? ` (${h(took)})` : ''}</dd></div>
<div><dt>Tool</dt><dd>${h(run.tool)}</dd></div>
</dl>
</header>
<div class="page">
<p class="status v-${verdict}" role="status">${ICONS[verdict]}<span>${statusText}</span></p>
<ul class="stats" aria-label="Summary">
${stat('s-cells', summary.cells, 'cells')}${stat('s-pass', summary.pass, 'pass')}${stat('s-fail', summary.fail, 'fail')}${stat('s-error', summary.error, summary.error === 1 ? 'error' : 'errors')}${stat('s-dis', summary.disagreements, summary.disagreements === 1 ? 'disagreement' : 'disagreements')}
</ul>
<p class="sr-only">${h(formatSummaryLine(summary))}</p>
<form class="toolbar no-print" role="search" aria-label="Filter the cells">
<label for="f-role">Role<select id="f-role"><option value="">All roles</option>${options(roles)}</select></label>
<label for="f-api">API<select id="f-api"><option value="">All APIs</option>${options(apis)}</select></label>
<label for="f-verdict">Verdict<select id="f-verdict"><option value="">All verdicts</option><option value="attention">Fail or error</option><option value="pass">Pass</option><option value="fail">Fail</option><option value="error">Error</option><option value="disagreement">Disagreement</option></select></label>
<label for="f-endpoint">Endpoint<select id="f-endpoint"><option value="">All endpoints</option>${options(endpoints)}</select></label>
<label for="f-text">Search<input id="f-text" type="search" placeholder="scenario, ARN, path…" autocomplete="off"></label>
<button type="button" id="f-reset">Reset</button>
<span class="count" id="f-count" aria-live="polite">${plural(summary.cells, 'cell')}</span>
</form>
<p class="print-only" id="filter-note"></p>
<ul class="legend" aria-label="Legend">
<li class="group">Colour: who has access</li>
<li><span class="swatch a-allow"></span>allow</li>
<li><span class="swatch a-deny"></span>deny</li>
<li><span class="swatch a-error"></span>no decision (an error proves nothing)</li>
<li><span class="swatch none"></span>not tested</li>
<li class="group">Mark: the verdict</li>
<li><span class="mark m-pass">${ICONS.pass}</span>pass: as the scenario expects</li>
<li><span class="mark m-fail">${ICONS.fail}</span>fail: the opposite of what was expected</li>
<li><span class="mark m-error">${ICONS.error}</span>error: no answer that proves anything (fail closed)</li>
<li><span class="mark m-dis">≠</span>disagreement: the policies predict otherwise than the wire shows</li>
<li>A cell shows the ${run.mode === 'offline' ? 'predicted' : 'observed'} decision; ×N when several scenarios test it.</li>
</ul>
<div class="layout">
<main class="content">
${matrices || '<section class="panel"><p class="empty">No cells were recorded in this run.</p></section>'}
<p class="panel empty" id="no-match" hidden>No cells match the filters.</p>
<section class="panel" aria-labelledby="att-h">
<h2 id="att-h">Needs attention <span class="sub">${plural(failing, 'failing or error cell')}, ${plural(summary.disagreements, 'disagreement')}</span></h2>
${attention.length ? `<ul class="att">${attention.map((c) => attentionItem(c, indexOf.get(c)!)).join('\n')}</ul>` : '<p class="empty">Nothing: every cell passed and every prediction matched the wire.</p>'}
</section>
<section class="panel" aria-labelledby="pol-h">
<h2 id="pol-h">Endpoint policies <span class="sub">as read for this run, with their SHA-256</span></h2>
${policySection(doc)}
</section>
<section class="panel" aria-labelledby="all-h">
<details><summary id="all-h">All cells (${doc.cells.length})</summary>
${allCellsTable(doc)}
</details>
</section>
</main>
<aside class="detail" id="detail" aria-labelledby="detail-title">
<header><h2 id="detail-title" tabindex="-1">Cell details</h2><button type="button" class="close" id="detail-close" hidden>Close</button></header>
<div id="detail-body" aria-live="polite"><p class="muted">Select a cell in a matrix to see what was expected, predicted and observed, the deciding statements and the explanation.</p></div>
</aside>
</div>
<footer class="foot">Generated by ${h(run.tool)} on ${h(run.finishedAt)} · schema ${h(doc.schema)} · This page is self-contained and loads nothing from the network; the data it shows is embedded below as JSON.</footer>
</div>`;

  const csp = [
    "default-src 'none'",
    `style-src ${cspHash(CSS)}`,
    `script-src ${cspHash(JS)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${h(run.tool)}">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
<script type="application/json" id="spokegate-data">${jsonForScript(doc)}</script>
<script>${JS}</script>
</body>
</html>
`;
}
