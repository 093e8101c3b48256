// The running schema against the committed schema.graphql, with graphql-js's own
// findBreakingChanges / findDangerousChanges: a change that breaks clients (a field or type
// removed, an argument made required, a type changed) fails unless schema.graphql is
// updated in the same change, so the contract clients generate code from never lies.
// Usage: node tests/clients/breaking.mjs http://127.0.0.1:PORT/graphql schema.graphql
// Prints one JSON line; exits 1 when there is a breaking change.
import { readFileSync } from 'node:fs';
import {
  buildClientSchema,
  buildSchema,
  findBreakingChanges,
  findDangerousChanges,
  getIntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';

const [url, sdlPath] = process.argv.slice(2);
const response = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }) }),
});
const { data, errors } = await response.json();
if (errors) throw new Error(JSON.stringify(errors));
const running = buildClientSchema(data);
const committed = buildSchema(readFileSync(sdlPath, 'utf8'));

const breaking = findBreakingChanges(committed, running);
const dangerous = findDangerousChanges(committed, running);
const same = printSchema(lexicographicSortSchema(committed)) === printSchema(lexicographicSortSchema(running));
process.stdout.write(`${JSON.stringify({ breaking, dangerous, same })}\n`);
process.exitCode = breaking.length === 0 ? 0 : 1;
