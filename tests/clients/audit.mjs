#!/usr/bin/env node
// GraphQL-over-HTTP compliance harness (from ../shared/tools/gql-audit; graphql-http pinned in
// the project's package.json, so it runs in every clone: node tests/clients/audit.mjs URL).
// Runs every audit from graphql-http's `serverAudits` against one URL, one audit
// at a time (the upstream `auditServer` fires them all at once), prints each
// failing audit as `<level> <id> <name> -- <reason>`, and ends with exactly:
//   audit: N passed, M failed (MUST failed: K)
// Exit status: 0 only when no MUST audit fails (a fatal error inside a MUST
// audit, e.g. a refused connection or a timeout, counts as a MUST failure).
//
// Usage: node audit.mjs [URL] [--verbose] [--json FILE] [--timeout MS]
//   URL        default http://127.0.0.1:8000/graphql
//   --verbose  also print passing audits
//   --json     write every result (id, name, level, status, reason, http status) to FILE
//   --timeout  per-request timeout in milliseconds (default 10000)
import { writeFileSync } from 'node:fs';
import { serverAudits } from 'graphql-http';

const DEFAULT_URL = 'http://127.0.0.1:8000/graphql';

function parseArgs(argv) {
  const opts = { url: DEFAULT_URL, verbose: false, json: null, timeout: 10000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--json') opts.json = argv[++i];
    else if (a === '--timeout') opts.timeout = Number(argv[++i]);
    else if (a === '--help' || a === '-h') {
      console.log('usage: node audit.mjs [URL] [--verbose] [--json FILE] [--timeout MS]');
      process.exit(0);
    } else if (a.startsWith('-')) {
      console.error(`unknown option: ${a}`);
      process.exit(2);
    } else opts.url = a;
  }
  if (!Number.isFinite(opts.timeout) || opts.timeout <= 0) {
    console.error('--timeout needs a positive number of milliseconds');
    process.exit(2);
  }
  return opts;
}

const levelOf = (name) => name.split(' ', 1)[0]; // MUST | SHOULD | MAY

async function describeResponse(res) {
  if (!res) return '';
  let body = '';
  try {
    body = await res.clone().text();
  } catch {
    body = '<body already read>';
  }
  body = body.replace(/\s+/g, ' ').slice(0, 200);
  const ct = res.headers?.get?.('content-type') ?? '';
  return `HTTP ${res.status} [${ct}] ${body}`;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const fetchFn = (input, init = {}) =>
    fetch(input, { ...init, signal: AbortSignal.timeout(opts.timeout) });

  const audits = serverAudits({ url: opts.url, fetchFn });
  const results = [];
  let passed = 0;
  let failed = 0;
  let mustFailed = 0;

  console.log(`auditing ${opts.url} with graphql-http serverAudits (${audits.length} audits)`);
  for (const a of audits) {
    const level = levelOf(a.name);
    let r;
    try {
      r = await a.fn();
    } catch (err) {
      // Upstream throws only on "fatal" errors (network failure, timeout, bug).
      r = {
        id: a.id,
        name: a.name,
        status: 'fatal',
        reason: `fatal: ${err?.name ?? 'Error'}: ${err?.cause?.code ?? err?.message ?? err}`,
      };
    }
    const rec = { id: r.id, name: r.name, level, status: r.status, reason: r.reason ?? null };
    if (r.status === 'ok') {
      passed++;
      if (opts.verbose) console.log(`PASS ${level.padEnd(6)} ${r.id} ${r.name}`);
    } else {
      failed++;
      if (level === 'MUST') mustFailed++;
      const detail = await describeResponse(r.response);
      rec.http = r.response ? r.response.status : null;
      rec.detail = detail || null;
      console.log(`FAIL ${level.padEnd(6)} ${r.id} ${r.name} -- ${r.reason}`);
      if (detail) console.log(`     ${detail}`);
    }
    results.push(rec);
  }

  if (opts.json) {
    writeFileSync(
      opts.json,
      JSON.stringify({ url: opts.url, passed, failed, mustFailed, results }, null, 2) + '\n',
    );
  }
  console.log(`audit: ${passed} passed, ${failed} failed (MUST failed: ${mustFailed})`);
  process.exitCode = mustFailed === 0 ? 0 : 1;
}

main().catch((err) => {
  console.error(err);
  console.log('audit: 0 passed, 1 failed (MUST failed: 1)');
  process.exitCode = 1;
});
