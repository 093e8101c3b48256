// Apollo Client 4 (development build: run with `node --conditions=development`) against the
// real server: findings paged forwards and backwards with relayStylePagination, one cache
// record per entity, automatic persisted queries (no document sent after the first time),
// two neighbourhood queries each reading back its own depths, and not one warning.
// Usage: node --conditions=development tests/clients/apollo.mjs http://127.0.0.1:PORT/graphql
// Prints one JSON line of what it measured; exits 1 (with the reason on stderr) on a failure.
import { createHash } from 'node:crypto';
import { filter, firstValueFrom } from 'rxjs';
import assert from 'node:assert/strict';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { relayStylePagination } from '@apollo/client/utilities';
import { loadDevMessages, loadErrorMessages } from '@apollo/client/dev';
import { __DEV__ } from '@apollo/client/utilities/environment';

const url = process.argv[2];
const warnings = [];
for (const level of ['warn', 'error', 'info', 'debug', 'log']) {
  console[level] = (...args) => warnings.push(`${level}: ${args.map(String).join(' ')}`);
}
loadDevMessages();
loadErrorMessages();

const bodies = []; // every request the client sent: what a proxy would count
const countingFetch = async (input, init = {}) => {
  const method = init.method ?? 'GET';
  const sent = method === 'GET' ? Object.fromEntries(new URL(String(input)).searchParams) : JSON.parse(init.body);
  bodies.push({ method, hasQuery: typeof sent.query === 'string', operationName: sent.operationName });
  return fetch(input, init);
};

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

// possibleTypes from the schema, as Apollo's docs have it: without them the cache cannot
// match `... on Unit` inside a `Node` field, and says so (a warning this test refuses).
async function possibleTypes() {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __schema { types { kind name possibleTypes { name } } } }' }),
  });
  const { data } = await response.json();
  const out = {};
  for (const type of data.__schema.types) {
    if (type.possibleTypes) out[type.name] = type.possibleTypes.map((t) => t.name);
  }
  return out;
}

let POSSIBLE_TYPES;

function makeClient() {
  const cache = new InMemoryCache({
    possibleTypes: POSSIBLE_TYPES,
    typePolicies: {
      Query: { fields: { findings: relayStylePagination(['where', 'orderBy']) } },
    },
  });
  const link = new PersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(new HttpLink({ uri: url, fetch: countingFetch }));
  return new ApolloClient({ cache, link });
}

const FINDINGS = gql`
  query SupervisionPages($first: Int, $after: String, $last: Int, $before: String) {
    findings(where: { themes: ["supervision"], themeStrength: MENTIONS }, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges { cursor node { id title kind themes { id name } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

const NEIGHBOURHOOD = gql`
  query Around($id: ID!, $depth: Int!) {
    neighbourhood(id: $id, depth: $depth) {
      nodes { depth node { id ... on Unit { name } ... on Finding { title } } }
    }
  }
`;

async function all(client) {
  const { data } = await client.query({ query: FINDINGS, variables: { first: 100 }, fetchPolicy: 'network-only' });
  return data.findings.edges.map((e) => e.node.id);
}

// A watched query, paged with fetchMore until the server says there is no more that way;
// the cache's relayStylePagination merges the pages into one list.
async function paged(client, variables, more) {
  const observable = client.watchQuery({ query: FINDINGS, variables });
  const watching = observable.subscribe(() => {});
  let { data } = await firstValueFrom(observable.pipe(filter((r) => r.dataState === 'complete')));
  let pages = 1;
  for (; pages < 50 && more(data.findings.pageInfo); pages++) {
    ({ data } = await observable.fetchMore({ variables: more(data.findings.pageInfo) }));
  }
  const merged = client.readQuery({ query: FINDINGS, variables });
  watching.unsubscribe();
  return { findings: merged.findings, pages };
}

const forwards = (client) =>
  paged(client, { first: 3 }, (info) => info.hasNextPage && { after: info.endCursor });
const backwards = (client) =>
  paged(client, { last: 3 }, (info) => info.hasPreviousPage && { before: info.startCursor });

function oneRecordPerEntity(cache) {
  const records = cache.extract();
  const byId = new Map();
  for (const [key, record] of Object.entries(records)) {
    if (key === 'ROOT_QUERY' || !record.id) continue;
    assert.equal(key, `${record.__typename}:${record.id}`, `record ${key} is not keyed by its type and id`);
    assert.ok(!byId.has(record.id), `two records for id ${record.id}: ${byId.get(record.id)} and ${key}`);
    byId.set(record.id, key);
  }
  return byId.size;
}

async function main() {
  POSSIBLE_TYPES = await possibleTypes();
  const expected = await all(makeClient());
  const client = makeClient();
  const ahead = await forwards(client);
  assert.deepEqual(ahead.findings.edges.map((e) => e.node.id), expected, 'paging forwards lost or repeated findings');
  const behind = await backwards(makeClient());
  assert.deepEqual(behind.findings.edges.map((e) => e.node.id), expected, 'paging backwards lost or repeated findings');
  const entities = oneRecordPerEntity(client.cache);
  const findingRecords = Object.keys(client.cache.extract()).filter((k) => k.startsWith('Finding:')).length;
  assert.equal(findingRecords, expected.length, 'one Finding record per finding');

  // Two neighbourhoods share nodes at different depths; each must read back its own.
  const around = makeClient();
  const asked = [
    { id: 'unit:somu', depth: 1 },
    { id: 'theme:supervision', depth: 2 },
  ];
  const answers = [];
  for (const variables of asked) {
    const { data } = await around.query({ query: NEIGHBOURHOOD, variables });
    answers.push(data.neighbourhood.nodes.map((n) => [n.node.id, n.depth]));
  }
  const depthsOf = (pairs) => new Map(pairs);
  const [somu, supervision] = answers.map(depthsOf);
  const shared = [...somu.keys()].filter((id) => supervision.has(id) && supervision.get(id) !== somu.get(id));
  assert.ok(shared.length > 0, 'the two neighbourhoods should share a node at different depths');
  for (const [i, variables] of asked.entries()) {
    const cached = around.cache.readQuery({ query: NEIGHBOURHOOD, variables });
    assert.deepEqual(cached.neighbourhood.nodes.map((n) => [n.node.id, n.depth]), answers[i],
      `the cache gave ${variables.id}'s neighbourhood another query's depths`);
  }
  oneRecordPerEntity(around.cache);

  // APQ: each operation's document travelled once (after PERSISTED_QUERY_NOT_FOUND), never again.
  const withQuery = {};
  for (const body of bodies) if (body.hasQuery) withQuery[body.operationName] = (withQuery[body.operationName] ?? 0) + 1;
  const summary = {
    dev: __DEV__,
    findings: expected.length,
    forwardPages: ahead.pages,
    backwardPages: behind.pages,
    requests: bodies.length,
    requestsWithQuery: bodies.filter((b) => b.hasQuery).length,
    hashOnlyGets: bodies.filter((b) => !b.hasQuery && b.method === 'GET').length,
    withQuery,
    entities,
    sharedNodesAtOtherDepths: shared.length,
    warnings,
  };
  assert.ok(__DEV__, 'not the development build: run node with --conditions=development');
  assert.deepEqual(warnings, [], 'Apollo Client warned');
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\nwarnings: ${JSON.stringify(warnings)}\n`);
  process.exit(1);
});
