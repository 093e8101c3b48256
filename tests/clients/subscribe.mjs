// graphql-ws (graphql-transport-ws protocol) against a writable server: subscribe to
// graphChanged, add a report and delete it over REST, and read the two events; then check
// the per-connection subscription limit.
// Usage: node subscribe.mjs http://127.0.0.1:PORT TOKEN REPORT_FILE LIMIT
// Prints one JSON line; exits 1 on a failure.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [base, token, reportFile, limitText] = process.argv.slice(2);
const limit = Number(limitText);
const auth = { authorization: `Bearer ${token}` };
const CHANGED = 'subscription { graphChanged { graphVersion reports { reportId action report { id title } } } }';

const client = createClient({ url: `${base.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 });
const events = [];
const waiters = [];
const done = new Promise((resolve, reject) => {
  client.subscribe({ query: CHANGED }, {
    next: (value) => { events.push(value); while (waiters.length) waiters.shift()(); },
    error: (error) => reject(new Error(JSON.stringify(error))),
    complete: () => resolve(),
  });
});
done.catch(() => {});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(test, what, seconds = 15) {
  const deadline = Date.now() + seconds * 1000;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
const subscribers = async () => (await (await fetch(`${base}/healthz`)).json()).subscribers;

async function main() {
  await until(async () => (await subscribers()) >= 1, 'the server to register the subscriber');
  const added = await fetch(`${base}/reports`, { method: 'POST', headers: auth, body: readFileSync(reportFile) });
  const addedText = await added.text();
  assert.equal(added.status, 201, addedText);
  const { id, graphVersion: addedVersion } = JSON.parse(addedText);
  await until(() => events.length >= 1, 'the first event');
  const removed = await fetch(`${base}/reports/${id}`, { method: 'DELETE', headers: auth });
  assert.equal(removed.status, 200);
  const { graphVersion: deletedVersion } = await removed.json();
  await until(() => events.length >= 2, 'the second event');
  const [first, second] = events.map((e) => e.data.graphChanged);
  assert.equal(first.graphVersion, addedVersion);
  assert.deepEqual(first.reports.map((r) => [r.reportId, r.action]), [[id, 'ADDED']]);
  assert.equal(first.reports[0].report.id, id);
  assert.equal(second.graphVersion, deletedVersion);
  assert.deepEqual(second.reports, [{ reportId: id, action: 'DELETED', report: null }]);

  // The per-connection limit: `limit` subscriptions at once on one socket, not one more.
  const outcomes = [];
  for (let i = 1; i < limit + 1; i++) {  // the first subscription above is still open
    outcomes.push(new Promise((resolve) => {
      client.subscribe({ query: CHANGED }, {
        next: () => {}, complete: () => resolve('complete'),
        error: (error) => resolve(`error: ${JSON.stringify(error)}`),
      });
      setTimeout(() => resolve('open'), 1500);
    }));
  }
  const results = await Promise.all(outcomes);
  await client.dispose();
  process.stdout.write(`${JSON.stringify({ events: events.length, first, second, results })}\n`);
}

main().catch(async (error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  await client.dispose();
  process.exit(1);
});
