// The live page in a real headless Chromium (Debian's, driven by playwright-core), against the standalone jar:
// a run appears with its five events, the lost-critical-event preset's run shows tool_completed missing, remove
// takes the fault away, and the page loads nothing but the admin port. A screenshot of each state is saved.
import { chromium } from 'playwright-core';
import WebSocket from 'ws';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [readyFile, outDir] = process.argv.slice(2);
const ready = JSON.parse(fs.readFileSync(readyFile, 'utf8'));
const admin = new URL(ready.admin).origin;
const TIMEOUT = 10_000;
fs.mkdirSync(outDir, { recursive: true });

function fail(message) {
  console.error('ui-check FAILED: ' + message);
  process.exitCode = 1;
  throw new Error(message);
}

/** One run from a client that is not the page: welcome, a user_message, the events up to agent_completed. */
function run(user) {
  return new Promise((resolve, reject) => {
    const token = ready.token;
    const ws = new WebSocket(ready.ws, ['jwt-auth', 'jwt.' + Buffer.from(token).toString('base64url')]);
    const types = [];
    const timer = setTimeout(() => { ws.terminate(); reject(new Error('run timed out; saw ' + types.join(','))); }, TIMEOUT);
    ws.on('message', data => {
      const frame = JSON.parse(String(data));
      types.push(frame.type);
      if (types.length === 1) ws.send(JSON.stringify({ type: 'user_message', payload: { content: 'ui-check ' + user } }));
      if (frame.type === 'agent_completed' || frame.type === 'agent_error') {
        clearTimeout(timer);
        ws.close(1000, 'done');
        ws.on('close', () => resolve(types));
      }
    });
    ws.on('error', e => { clearTimeout(timer); reject(e); });
  });
}

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-check-profile-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1500, height: 1000 },
});
const requested = [];
context.on('request', r => requested.push(r.url()));
const shots = [];
async function shot(page, name) {
  const file = path.join(outDir, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  shots.push(file);
}

try {
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text() + ' ' + JSON.stringify(m.location())); });

  // a fresh start even on a server an earlier, interrupted check left faulted
  await fetch(admin + '/reset', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  await page.goto(admin + '/ui');
  await page.waitForSelector('#feed[data-state="live"]');
  await page.waitForSelector('button[data-preset="lost-critical-event"]');
  await shot(page, '01-opened');

  // a run from a client: its connection appears, and its timeline shows the five events
  const first = await run('first');
  if (first.slice(1).join(',') !== 'agent_started,agent_thinking,tool_executing,tool_completed,agent_completed') {
    fail('the first run was not the five-event run: ' + first.join(','));
  }
  await page.waitForSelector('tr.conn[data-ending="closed-by-client"]');
  await page.click('tr.conn[data-ending="closed-by-client"]');
  const five = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];
  for (const type of five) {
    await page.waitForSelector(`svg.timeline g.event[data-type="${type}"]`);
  }
  if (await page.locator('svg.timeline g.missing').count() !== 0) fail('a healthy run shows a missing event');
  await shot(page, '02-run-timeline');

  // the preset, then a run that loses tool_completed
  await page.click('button[data-preset="lost-critical-event"]');
  await page.waitForSelector('tr.rule:has-text("omit")');
  await shot(page, '03-preset-added');
  const second = await run('second');
  if (second.includes('tool_completed')) fail('the preset did not omit tool_completed: ' + second.join(','));
  await page.waitForFunction(() => document.querySelectorAll('tr.conn[data-ending="closed-by-client"]').length === 2);
  await page.click('#list-body tr.conn >> nth=0');
  await page.waitForSelector('svg.timeline g.missing[data-event="tool_completed"]');
  if (await page.locator('svg.timeline g.event[data-type="tool_completed"]').count() !== 0) {
    fail('the timeline of the faulted run shows tool_completed as sent');
  }
  await page.waitForSelector('svg.timeline g.event[data-type="agent_completed"]');
  await page.waitForSelector('tr.rule:has-text("1 hits")');   // the rule's counters follow the run
  await shot(page, '04-tool-completed-missing');

  // remove: the fault is gone from the page and from the server
  await page.click('tr.rule button.remove');
  await page.waitForSelector('tr.rule', { state: 'detached' });
  await page.waitForSelector('#rules-empty', { state: 'visible' });
  const faults = await (await fetch(admin + '/faults')).json();
  if (faults.faults.some(f => f.active)) fail('the server still has an active fault after remove');
  await shot(page, '05-fault-removed');

  // the HTTP requests tab lists a plain request
  await fetch(new URL(ready.http).origin + '/health');
  await page.click('#tab-http');
  await page.waitForSelector('tr.req:has-text("/health")');
  await shot(page, '06-http-requests');

  if (errors.length) fail('the page logged errors: ' + errors.join(' | '));
  const elsewhere = requested.filter(u => !u.startsWith(admin + '/'));
  if (elsewhere.length) fail('the page requested something off the admin port: ' + elsewhere.join(', '));
  console.log(`ui-check: ok — ${requested.length} requests, every one to ${admin}`);
  console.log('ui-check: screenshots:\n  ' + shots.join('\n  '));
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
