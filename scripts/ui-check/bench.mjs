// What the live page costs the public port: WebSocket connect p50 and /health requests per second, with the page
// closed, then open and streaming (every connect and every request is an event it receives), then closed again;
// printed as ratios open/closed in one run. Same machine, same jar, same client.
import { chromium } from 'playwright-core';
import WebSocket from 'ws';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [readyFile] = process.argv.slice(2);
const ready = JSON.parse(fs.readFileSync(readyFile, 'utf8'));
const admin = new URL(ready.admin).origin;
const httpUrl = new URL(ready.http);
const CONNECTS = Number(process.env.BENCH_CONNECTS || 300);
const HEALTH_MS = Number(process.env.BENCH_HEALTH_MS || 3000);
const CONCURRENCY = 8;

function connectOnce() {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const ws = new WebSocket(ready.ws, ['jwt-auth', 'jwt.' + Buffer.from(ready.token).toString('base64url')]);
    ws.once('message', () => {                  // the welcome: connected and admitted
      const t = Number(process.hrtime.bigint() - t0) / 1e6;
      ws.close(1000);
      ws.once('close', () => resolve(t));
    });
    ws.once('error', reject);
  });
}

async function connectP50() {
  const times = [];
  for (let i = 0; i < CONNECTS; i++) times.push(await connectOnce());
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function healthRate() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let done = 0;
  const end = Date.now() + HEALTH_MS;
  const one = () => new Promise((resolve, reject) => {
    const req = http.get({ host: httpUrl.hostname, port: httpUrl.port, path: '/health', agent }, res => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
  });
  const start = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < end) { await one(); done++; }
  }));
  agent.destroy();
  return done / ((Date.now() - start) / 1000);
}

async function measure(label) {
  await fetch(admin + '/reset', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  const p50 = await connectP50();
  const rate = await healthRate();
  console.log(`bench: ${label.padEnd(22)} connect p50 ${p50.toFixed(2)} ms   /health ${rate.toFixed(0)} req/s`);
  return { p50, rate };
}

await measure('warm-up');
const closedBefore = await measure('page closed');

// the feed alone, read by a plain client instead of a browser: what the server's side of streaming costs
const feedReq = http.get({ host: new URL(admin).hostname, port: new URL(admin).port, path: '/events' }, res => res.resume());
await new Promise(resolve => setTimeout(resolve, 300));
const feedOnly = await measure('feed only, no browser');
feedReq.destroy();

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-bench-profile-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let open;
try {
  const page = context.pages()[0] || await context.newPage();
  await page.goto(admin + '/ui');
  await page.waitForSelector('#feed[data-state="live"]');
  open = await measure('page open, streaming');
  const subscribers = (await (await fetch(admin + '/')).json()).live_subscribers;
  if (subscribers !== 1) throw new Error('expected the page to be subscribed while measuring, got ' + subscribers);
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
const closedAfter = await measure('page closed again');
const closed = { p50: (closedBefore.p50 + closedAfter.p50) / 2, rate: (closedBefore.rate + closedAfter.rate) / 2 };
console.log(`bench: ratio feed-only/closed: connect p50 ${(feedOnly.p50 / closed.p50).toFixed(2)}, /health req/s ${(feedOnly.rate / closed.rate).toFixed(2)}`);
console.log(`bench: ratio open/closed: connect p50 ${(open.p50 / closed.p50).toFixed(2)}, /health req/s ${(open.rate / closed.rate).toFixed(2)}`
  + ` (closed = mean of before and after; ${CONNECTS} connects, ${HEALTH_MS} ms of /health at ${CONCURRENCY} in flight)`);
