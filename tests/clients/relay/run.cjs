// Runs the Relay app's compiled artifacts with relay-runtime against the real server:
// the theme through `node`, its findings paged with the refetchable pagination query (a
// refetch through `node`) until the connection holds them all, and two neighbourhoods that
// share nodes at different depths, each read back from the store with its own depths.
// Relay's development warnings (a conflicting __typename for an id, a connection that
// cannot be merged, a missing field) fail the run.
// Usage: node run.cjs http://127.0.0.1:PORT/graphql   (from the compiled app's folder; the
// server trusting the documents of the app's persisted.json)
'use strict';
const assert = require('node:assert/strict');
const {
  ConnectionHandler,
  Environment,
  Network,
  RecordSource,
  Store,
  createOperationDescriptor,
  fetchQuery,
  getSelector,
} = require('relay-runtime');

const url = process.argv[2];
const warnings = [];
for (const level of ['warn', 'error']) {
  console[level] = (...args) => warnings.push(`${level}: ${args.map(String).join(' ')}`);
}

const AppQuery = require('./src/__generated__/ThemeFindingsAppQuery.graphql.js');
const Pagination = require('./src/__generated__/ThemeFindingsPaginationQuery.graphql.js');
const ThemeFindings = require('./src/__generated__/ThemeFindings_theme.graphql.js');
const Around = require('./src/__generated__/ThemeFindingsAroundQuery.graphql.js');
const persisted = require('./persisted.json');

// The app is compiled with persisted queries (relay.config.json's persistConfig): each
// operation has a SHA-256 id and no text, so only the id travels, as a persisted-query hash
// the server looks up in its trusted documents (generated from Relay's persisted.json).
let requests = 0;
const network = Network.create(async (params, variables) => {
  requests += 1;
  assert.ok(params.id && params.text == null, 'compiled with persisted queries');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({
      operationName: params.name,
      variables,
      extensions: { persistedQuery: { version: 1, sha256Hash: params.id } },
    }),
  });
  return response.json();
});
const environment = new Environment({ network, store: new Store(new RecordSource()) });

async function load(query, variables) {
  const operation = createOperationDescriptor(query, variables);
  environment.retain(operation); // keep what it fetched: the store is garbage-collected
  await fetchQuery(environment, query, variables).toPromise();
  return environment.lookup(operation.fragment).data;
}

function readFindings(ref) {
  return environment.lookup(getSelector(ThemeFindings, ref)).data;
}

async function main() {
  const id = 'theme:supervision';
  const page = await load(AppQuery, { id });
  assert.equal(page.node.__typename, 'Theme');
  assert.ok(page.node.theme, 'the aliased fragment on Theme is there');
  let theme = readFindings(page.node.theme);
  assert.equal(theme.findings.edges.length, 3);

  // Refetch through node: the pagination query relay-compiler made selects node(id: $id).
  assert.match(persisted[Pagination.params.id], /node\(id: \$id\)/);
  let pages = 1;
  for (; pages < 50; pages++) {
    const cursor = lastCursor(theme);
    if (!cursor.hasNextPage) break;
    await load(Pagination, { id: theme.id, count: 3, cursor: cursor.endCursor });
    theme = readFindings(page.node.theme);
  }
  const ids = theme.findings.edges.map((edge) => edge.node.id);
  assert.equal(ids.length, theme.findings.totalCount, 'the connection holds every page');
  assert.equal(new Set(ids).size, ids.length, 'no finding twice');

  // Two neighbourhoods through the same store, each with its own depths.
  const asked = [
    { id: 'unit:somu', depth: 1 },
    { id: 'theme:supervision', depth: 2 },
  ];
  const answers = [];
  for (const variables of asked) {
    const data = await load(Around, variables);
    answers.push(data.neighbourhood.nodes.map((n) => [n.node.id, n.depth]));
  }
  const [somu, supervision] = answers.map((pairs) => new Map(pairs));
  const shared = [...somu.keys()].filter((n) => supervision.has(n) && supervision.get(n) !== somu.get(n));
  assert.ok(shared.length > 0, 'the two neighbourhoods should share a node at different depths');
  for (const [i, variables] of asked.entries()) {
    const again = environment.lookup(createOperationDescriptor(Around, variables).fragment).data;
    assert.deepEqual(again.neighbourhood.nodes.map((n) => [n.node.id, n.depth]), answers[i],
      `the store gave ${variables.id}'s neighbourhood another query's depths`);
  }
  assert.deepEqual(warnings, [], 'Relay warned');
  process.stdout.write(`${JSON.stringify({ findings: ids.length, pages, requests, shared: shared.length, warnings })}\n`);
}

// The connection's pageInfo is not selected by the fragment (Relay adds it for the
// handler): read it from the store, as usePaginationFragment does.
function lastCursor(theme) {
  const source = environment.getStore().getSource();
  const record = source.get(theme.id);
  const connectionKey = ConnectionHandler.getConnectionID(theme.id, 'ThemeFindings_findings');
  const connection = source.get(connectionKey);
  assert.ok(record && connection, 'the connection record is in the store');
  const pageInfo = source.get(connection.pageInfo.__ref);
  return { hasNextPage: pageInfo.hasNextPage, endCursor: pageInfo.endCursor };
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\nwarnings: ${JSON.stringify(warnings)}\n`);
  process.exit(1);
});
