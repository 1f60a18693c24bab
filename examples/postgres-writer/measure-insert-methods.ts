/**
 * unnest against COPY for writing a batch of events to PostgreSQL, on this machine: rows/s at each batch size,
 * one connection, batches back to back, the median of interleaved rounds.
 *
 *   npx tsx examples/postgres-writer/measure-insert-methods.ts [--rows 50000] [--rounds 5]
 *
 * Uses DATABASE_URL when set, else starts a throwaway server as the integration tests do. The methods:
 * - `unnest`: one INSERT … SELECT * FROM unnest(…) ON CONFLICT … RETURNING id, which keeps per-row failures;
 *   postgresEventStore.ts's way for small batches, and for a batch that holds an id already stored.
 * - `copy`: COPY straight into the table, where a duplicate id fails the whole batch; the store's way from
 *   `copyFromRows` rows up, falling back to `unnest` when it is refused.
 * - `copy+stage`: COPY into a temporary table, then INSERT … SELECT … ON CONFLICT … RETURNING id from it, in one
 *   transaction — the way COPY alone keeps per-row failures.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { findPostgresBinaries, startPostgres, type PostgresServer } from '../../test/support/postgresServer.js';
import { copyFromText } from './copyFromText.js';

type Method = (client: pg.PoolClient, ids: string[], payloads: string[]) => Promise<number>;

const methods: Record<string, Method> = {
  unnest: async (client, ids, payloads) => {
    const text =
      'INSERT INTO measured (id, payload) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (id) DO NOTHING RETURNING id';
    return (await client.query({ name: 'unnest', text, values: [ids, payloads] })).rowCount ?? 0;
  },
  copy: (client, ids, payloads) => copyFromText(client, 'measured', ids.map((id, i) => [id, payloads[i]])),
  'copy+stage': async (client, ids, payloads) => {
    await client.query('BEGIN');
    await copyFromText(client, 'stage', ids.map((id, i) => [id, payloads[i]]));
    const text = 'INSERT INTO measured (id, payload) SELECT * FROM stage ON CONFLICT (id) DO NOTHING RETURNING id';
    const { rowCount } = await client.query({ name: 'from-stage', text });
    await client.query('COMMIT');
    return rowCount ?? 0;
  },
};

async function rowsPerSecond(client: pg.PoolClient, method: Method, batchSize: number, rows: number): Promise<number> {
  await client.query('TRUNCATE measured');
  const payload = JSON.stringify({ kind: 'click', page: '/pricing', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' });
  const startedAt = performance.now();
  for (let start = 0; start < rows; start += batchSize) {
    const ids = Array.from({ length: Math.min(batchSize, rows - start) }, (_, i) => `event-${start + i}`);
    const written = await method(client, ids, ids.map(() => payload));
    if (written !== ids.length) throw new Error(`wrote ${written} of ${ids.length} rows`);
  }
  return rows / ((performance.now() - startedAt) / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(url: string, rows: number, rounds: number): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  // The server may close the connection first when this script started it; nothing is lost then.
  pool.on('error', () => undefined);
  const client = await pool.connect();
  try {
    await client.query('CREATE TABLE IF NOT EXISTS measured (id text PRIMARY KEY, payload text NOT NULL)');
    await client.query('CREATE TEMP TABLE stage (id text, payload text) ON COMMIT DELETE ROWS');
    console.log(`${rows} rows per run, median of ${rounds} rounds, rows/s`);
    console.log(['batch size', ...Object.keys(methods), 'copy / unnest', 'copy+stage / unnest'].join('\t'));
    for (const batchSize of [1, 10, 30, 50, 100, 1_000, 10_000]) {
      const results: Record<string, number[]> = Object.fromEntries(Object.keys(methods).map((name) => [name, []]));
      const runRows = batchSize === 1 ? Math.min(rows, 2_000) : rows;
      for (let round = 0; round < rounds; round += 1) {
        for (const [name, method] of Object.entries(methods)) results[name].push(await rowsPerSecond(client, method, batchSize, runRows));
      }
      const medians = Object.values(results).map(median);
      const [unnest, copy, staged] = medians;
      console.log([batchSize, ...medians.map(Math.round), (copy / unnest).toFixed(2), (staged / unnest).toFixed(2)].join('\t'));
    }
    await client.query('DROP TABLE measured');
  } finally {
    client.release();
    await pool.end();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '50000' }, rounds: { type: 'string', default: '5' } } });
  let server: PostgresServer | undefined;
  let url = process.env.DATABASE_URL;
  if (url === undefined) {
    const binaries = findPostgresBinaries();
    if (binaries === undefined) throw new Error('No PostgreSQL found: `apt-get install -y postgresql`, or set DATABASE_URL.');
    server = await startPostgres(binaries);
    url = server.url;
  }
  try {
    await measure(url, Number(values.rows), Number(values.rounds));
  } finally {
    await server?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
