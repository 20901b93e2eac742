// The migration at a glance. Every part is read from /api/<part> every few seconds; a part whose service does not run
// answers {available: false, notice} and shows that one line. Values from the services are always set as text, never
// as HTML.
'use strict';

const REFRESH_MS = 3000;
const PAGE_SIZE = 10;
let openPage = 0;
let passesChart = null;

// --- small DOM helpers ------------------------------------------------------------------------------------------

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined && value !== false) {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

function figures(pairs) {
  return el('dl', { class: 'figures' }, pairs.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}

function table(headings, rows, numeric = []) {
  return el('div', { class: 'scroll' }, el('table', {},
    el('thead', {}, el('tr', {}, headings.map(heading => el('th', {}, heading)))),
    el('tbody', {}, rows.map(row => el('tr', {}, row.map((cell, i) =>
      el('td', numeric.includes(i) ? { class: 'number' } : {}, cell)))))));
}

function badge(text, tone) {
  return el('span', { class: 'badge ' + tone, 'data-state': text }, text);
}

const count = n => Number(n || 0).toLocaleString('en-US');
const time = iso => iso ? new Date(iso).toLocaleTimeString('en-GB') : '—';
const ms = value => (value === null || value === undefined || Number.isNaN(value)) ? '—'
  : Number(value).toLocaleString('en-US', { maximumFractionDigits: 1 }) + ' ms';

// Like replaceChildren, leaving out what is not there.
function replaceContent(content, ...children) {
  content.replaceChildren(...children.filter(child => child !== null && child !== undefined));
}

// Shows a part's content, or its one-line notice when its service gave nothing.
function show(id, state, render) {
  const part = document.getElementById(id);
  const notice = part.querySelector('.notice');
  const content = part.querySelector('.content');
  if (!state.available) {
    notice.textContent = state.notice;
    notice.hidden = false;
    content.hidden = true;
    return;
  }
  notice.hidden = true;
  content.hidden = false;
  render(content, state.data);
}

async function read(path) {
  try {
    const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) {
      return { available: false, notice: 'the dashboard answered ' + response.status + ' for ' + path };
    }
    return await response.json();
  } catch (unreachable) {
    return { available: false, notice: 'the dashboard itself does not answer: is migration-dashboard running?' };
  }
}

// --- the parts ---------------------------------------------------------------------------------------------------

function renderRoute(content, route) {
  const parts = [el('p', { class: 'big', 'data-route': route.primary + (route.canary ? ' ' + route.canary : '') },
    route.canary ? route.primary + ' + ' + route.canary : route.primary)];
  parts.push(el('p', { class: 'soft' }, route.stage));
  const primaryShare = 100 - route.weight;
  const split = el('div', { class: 'split', role: 'img',
    'aria-label': route.primary + ' ' + primaryShare + ' %' + (route.canary ? ', ' + route.canary + ' ' + route.weight + ' %' : '') });
  if (primaryShare > 0) {
    split.append(el('span', { class: 'primary', style: 'width:' + primaryShare + '%', title: route.primary },
      (primaryShare >= 25 ? route.primary + ' ' : '') + primaryShare + ' %'));
  }
  if (route.canary && route.weight > 0) {
    split.append(el('span', { class: 'canary', style: 'width:' + route.weight + '%', title: route.canary },
      (route.weight >= 25 ? route.canary + ' ' : '') + route.weight + ' %'));
  }
  parts.push(split);
  content.replaceChildren(...parts);
}

function renderServed(content, versions) {
  content.replaceChildren(table(['version', 'instances: served since start', 'all instances'],
    versions.map(version => [el('span', {}, version.version, el('br'), el('small', { class: 'soft' }, version.build)),
      version.instances.map(instance => instance.instance + ': ' + count(instance.served)).join(', '),
      count(version.served)]), [2]));
}

const VERDICTS = {
  CONSISTENT: ['consistent', 'ok'],
  DIFFERENCES_OPEN: ['differences open', 'bad'],
  NOTHING_COMPARED: ['nothing compared yet', 'idle'],
};

function renderComparison(content, data) {
  const report = data.report;
  const [words, tone] = VERDICTS[report.verdict] || [report.verdict, 'idle'];
  const totals = report.totals;
  const last = report.lastPass;
  content.querySelector('.verdict-text').replaceChildren(
    el('p', { class: 'big' }, badge(words, tone), ' ', el('code', {}, 'GET /notification/comparation'), ' → ',
      el('strong', { id: 'verdict-answer' }, String(report.consistent))),
    el('p', { class: 'soft', id: 'verdict-summary' }, report.summary),
    report.mismatchRate ? el('p', { id: 'verdict-strength' }, 'How strong: ' + report.mismatchRate.summary) : null,
    figures([
      ['pairs compared', count(totals.pairsCompared)],
      ['matched', count(totals.matched)],
      ['pending', count(report.pending.monolith) + ' monolith, ' + count(report.pending.candidate) + ' candidate'],
      ['open: missing in candidate', count(totals.missingInCandidate)],
      ['open: missing in monolith', count(totals.missingInMonolith)],
      ['open: field mismatch', count(totals.fieldMismatch)],
      ['acknowledged', count(totals.acknowledged)],
      ['last pass', last ? time(last.startedAt) + ' (' + last.trigger + ', ' + last.durationMs + ' ms)' : 'none yet'],
    ]));
  drawPasses(data.passes.slice().reverse());
}

function drawPasses(passes) {
  if (typeof Chart === 'undefined') {
    return;
  }
  const labels = passes.map(pass => time(pass.startedAt));
  const matched = passes.map(pass => pass.matched);
  const differing = passes.map(pass => pass.missingInCandidate + pass.missingInMonolith + pass.fieldMismatch);
  if (passesChart) {
    passesChart.data.labels = labels;
    passesChart.data.datasets[0].data = matched;
    passesChart.data.datasets[1].data = differing;
    passesChart.update('none');
    return;
  }
  passesChart = new Chart(document.getElementById('passes-chart'), {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: 'matched', data: matched, backgroundColor: '#2da44e' },
        { label: 'differing', data: differing, backgroundColor: '#cf222e' },
      ],
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { stacked: true, title: { display: true, text: 'pass (latest that compared anything)' } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'records' } } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

const KINDS = {
  MISSING_IN_CANDIDATE: 'missing in candidate',
  MISSING_IN_MONOLITH: 'missing in monolith',
  FIELD_MISMATCH: 'field mismatch',
};

function sideValue(label, segments) {
  const value = segments.length === 0 ? el('span', { class: 'none' }, 'no notification')
    : el('span', { class: 'value' }, segments.map(segment => segment.changed ? el('mark', {}, segment.text) : segment.text));
  return el('div', { class: 'side' }, el('span', { class: 'label' }, label), value);
}

function differenceCard(item, open) {
  const card = el('article', { class: 'difference', 'data-payroll-id': item.payrollId },
    el('header', {}, el('strong', {}, 'payroll ' + item.payrollId), badge(KINDS[item.kind] || item.kind, open ? 'bad' : 'idle'),
      el('span', { class: 'soft' }, open ? 'found ' + time(item.firstSeenAt)
        : 'acknowledged ' + time(item.acknowledgedAt) + ' by ' + item.acknowledgedBy + ': ' + item.acknowledgementReason)),
    el('div', { class: 'sides' }, sideValue('monolith', item.highlighted.monolith), sideValue('candidate', item.highlighted.candidate)));
  if (open) {
    card.append(acknowledgeForm(item.payrollId));
  }
  return card;
}

function acknowledgeForm(payrollId) {
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  const form = el('form', { class: 'acknowledge', 'aria-label': 'acknowledge the difference of payroll ' + payrollId },
    el('input', { name: 'by', placeholder: 'who', 'aria-label': 'who acknowledges', required: true, maxlength: 100 }),
    el('input', { name: 'reason', placeholder: 'why this difference is accepted', 'aria-label': 'why', required: true, maxlength: 500 }),
    el('button', { type: 'submit' }, 'Acknowledge'), error);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    error.hidden = true;
    try {
      const response = await fetch('/api/differences/' + payrollId + '/acknowledgement', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ by: form.elements.by.value, reason: form.elements.reason.value }),
      });
      if (response.ok) {
        form.reset();
        await Promise.all([refreshDifferences(true), refreshComparison()]);
        return;
      }
      const problem = await response.json().catch(() => ({}));
      error.textContent = problem.detail || ('not acknowledged: ' + response.status);
      error.hidden = false;
    } catch (unreachable) {
      error.textContent = 'not acknowledged: the dashboard does not answer';
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

// A form being filled in is never replaced under the user's hands.
function beingFilledIn(list) {
  return [...list.querySelectorAll('form.acknowledge')].some(form =>
    form.contains(document.activeElement) || [...form.elements].some(input => input.value)
    || !form.querySelector('.error').hidden);
}

async function refreshDifferences(force) {
  const part = document.getElementById('differences');
  const openList = part.querySelector('.open-list');
  const [open, acknowledged] = await Promise.all([
    read('/api/differences?status=open&size=' + PAGE_SIZE + '&page=' + openPage),
    read('/api/differences?status=acknowledged&size=5'),
  ]);
  if (!force && beingFilledIn(openList)) {
    return;
  }
  show('differences', open, (content, page) => {
    const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
    if (openPage >= pages) {
      openPage = pages - 1;
    }
    part.querySelector('h2').textContent = 'Open differences (' + count(page.total) + ')';
    openList.replaceChildren(...(page.items.length ? page.items.map(item => differenceCard(item, true))
      : [el('p', { class: 'soft empty' }, 'No open difference.')]));
    content.querySelector('.page-of').textContent = 'page ' + (openPage + 1) + ' of ' + pages;
    content.querySelector('.previous').disabled = openPage === 0;
    content.querySelector('.next').disabled = openPage + 1 >= pages;
    const done = content.querySelector('.acknowledged-list');
    if (acknowledged.available) {
      done.replaceChildren(...(acknowledged.data.items.length ? acknowledged.data.items.map(item => differenceCard(item, false))
        : [el('p', { class: 'soft' }, 'None yet.')]));
    }
  });
}

const OUTCOMES = ['MATCHED', 'MISMATCHED', 'IGNORED', 'CANDIDATE_FAILED', 'TIMED_OUT', 'SKIPPED'];

function renderExperiment(content, report) {
  const latency = report.latency || {};
  const control = latency.control || {};
  const candidate = latency.candidate || {};
  content.replaceChildren(
    el('p', { class: 'big' }, badge(report.consistent ? 'consistent' : 'not consistent', report.consistent ? 'ok' : 'bad')),
    el('p', { class: 'soft' }, report.summary),
    report.mismatchRate ? el('p', {}, 'How strong: ' + report.mismatchRate.summary) : null,
    table(['outcome', 'all', 'open'], OUTCOMES.map(outcome =>
      [outcome.toLowerCase().replace('_', ' '), count(report.totals[outcome]), count((report.open || {})[outcome])]), [1, 2]),
    el('h3', {}, 'Latency on this instance'),
    table(['', 'calls', 'p50', 'p99'], [
      ['control (the monolith)', count(control.count), ms(control.p50Ms), ms(control.p99Ms)],
      ['candidate (the microservice)', count(candidate.count), ms(candidate.p50Ms), ms(candidate.p99Ms)],
    ], [1, 2, 3]));
}

const RELEASES = { PROGRESSING: 'busy', PROMOTED: 'ok', ROLLED_BACK: 'bad', BROKEN_SPLIT: 'bad', ABORTED: 'bad' };

// One check of the release: its outcome and, for a test, its statistic, p-value or interval, effect and level, and a
// meter of how far the evidence has come toward a decision; then what it read, in words.
function checkCard(c, number) {
  const tone = c.outcome === 'PASSED' ? 'ok' : c.outcome === 'FAILED' ? 'bad' : 'idle';
  const evidence = c.evidence;
  const facts = [];
  if (evidence) {
    const progress = Math.round(100 * (evidence.progress || 0));
    if (evidence.statistic !== null && evidence.statistic !== undefined) {
      facts.push('statistic ' + number(evidence.statistic));
    }
    if (evidence.pValue !== null && evidence.pValue !== undefined) {
      facts.push('p = ' + Number(evidence.pValue).toPrecision(2));
    }
    if (evidence.lowerBound !== null && evidence.lowerBound !== undefined) {
      facts.push('interval [' + number(evidence.lowerBound) + ', ' + number(evidence.upperBound) + ']');
    }
    if (evidence.effect !== null && evidence.effect !== undefined) {
      facts.push('effect ' + number(evidence.effect));
    }
    facts.push('α ' + number(evidence.alpha));
    return el('li', { class: 'check', 'data-check': c.name },
      el('p', {}, el('strong', {}, c.name), ' ', badge(c.outcome.toLowerCase().replace('_', ' '), tone), ' ',
        el('span', { class: 'evidence', title: 'evidence toward a decision' },
          el('meter', { min: 0, max: 100, value: progress }), ' ' + progress + ' %')),
      el('p', { class: 'soft' }, evidence.test + ': ' + facts.join(' · ')),
      el('p', {}, c.detail));
  }
  return el('li', { class: 'check', 'data-check': c.name },
    el('p', {}, el('strong', {}, c.name), ' ', badge(c.outcome.toLowerCase().replace('_', ' '), tone)),
    el('p', {}, c.detail));
}

function renderCanary(content, release) {
  const check = value => value === null || value === undefined ? '—' : Number(value).toLocaleString('en-US', { maximumFractionDigits: 3 });
  replaceContent(content,
    el('p', { class: 'big' }, badge(release.status.toLowerCase().replace('_', ' '), RELEASES[release.status] || 'idle'), ' ',
      release.canary + ' against ' + release.primary),
    figures([
      ['step', (release.step + 1) + ' of ' + release.steps.length + ' (' + release.steps.join(' → ') + ' %)'],
      ['weight now', release.weight + ' %'],
      ['started', time(release.startedAt)],
      ['finished', time(release.finishedAt)],
    ]),
    release.outcome ? el('p', { class: 'soft' }, release.outcome) : null,
    el('ul', { class: 'checks' }, (release.checks || []).map(c => checkCard(c, check))),
    el('ol', { class: 'events', reversed: true }, (release.history || []).slice(-5).reverse().map(event =>
      el('li', {}, time(event.at) + ' at ' + event.weight + ' %: ' + event.message))));
}

function renderComparingProxy(content, report) {
  const settings = report.settings || {};
  const recent = (report.recent || []).filter(c => c.outcome !== 'equal').sort((a, b) => b.id - a.id).slice(0, 10);
  content.replaceChildren(
    el('p', { class: 'soft' }, 'mode ' + settings.mode + ', answering with the ' + settings.answer + '; primary '
      + settings.primary + ', candidate ' + settings.candidate + (settings.secondary ? ', secondary ' + settings.secondary : '')),
    table(['endpoint', 'equal', 'different', 'failed', 'how strong'], (report.totals || []).map(t =>
      [t.endpoint, count(t.equal), count(t.different), count(t.failed), t.mismatchRate ? t.mismatchRate.summary : '—']), [1, 2, 3]),
    el('h3', {}, 'Latest that were not equal'),
    recent.length === 0 ? el('p', { class: 'soft' }, 'None.') :
      table(['at', 'request', 'outcome', 'what differs (primary to candidate)'], recent.map(c => [time(c.at),
        c.method + ' ' + c.path, c.outcome,
        (c.differences || []).filter(d => !d.noise).map(d => d.pointer + ': ' + d.primaryText + ' to ' + d.candidateText).concat(Object.entries(c.failures || {}).map(([target, why]) => target + ': ' + why))
          .join('; ')])));
}

// --- refresh -----------------------------------------------------------------------------------------------------

async function refreshComparison() {
  show('comparison', await read('/api/comparison'), renderComparison);
}

async function refresh() {
  const parts = Promise.all(
    ['/api/route', '/api/served', '/api/experiment', '/api/canary', '/api/comparing-proxy'].map(read));
  await refreshComparison();
  const [route, served, experiment, canary, comparingProxy] = await parts;
  show('route', route, renderRoute);
  show('served', served, renderServed);
  show('experiment', experiment, renderExperiment);
  show('canary', canary, renderCanary);
  show('comparing-proxy', comparingProxy, renderComparingProxy);
  await refreshDifferences(false);
  document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString('en-GB');
  document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed || 0) + 1);
}

async function refreshForever() {
  try {
    await refresh();
  } finally {
    setTimeout(refreshForever, REFRESH_MS);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  const pager = document.querySelector('#differences .pager');
  pager.querySelector('.previous').addEventListener('click', () => { openPage = Math.max(0, openPage - 1); refreshDifferences(true); });
  pager.querySelector('.next').addEventListener('click', () => { openPage += 1; refreshDifferences(true); });
  refreshForever();
});
