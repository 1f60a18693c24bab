/**
 * The databases `npm run demo:db` and `npm run bench:db` write to, found or started the way the integration
 * tests find them (test/support): a server named by `DATABASE_URL`/`REDIS_URL` first, else a throwaway one
 * started here from the installed binaries, else none; SQLite needs only a file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgresBinaries, startPostgres } from '../../test/support/postgresServer.js';
import { findRedisServer, startRedisServer } from '../../test/support/redisServer.js';
import type { EventStore } from '../events/eventStore.js';
import { openPostgresEventStore } from '../postgres-writer/postgresEventStore.js';
import { openRedisEventStore } from '../redis-messages/eventStore.js';
import { openSqliteEventStore } from '../sqlite-writer/sqliteEventStore.js';

export type BackendName = 'sqlite' | 'postgres' | 'redis';

export interface Backend {
  readonly name: BackendName;
  /** A file for SQLite, a URL for the servers. */
  readonly connection: string;
  /** Where it came from and how durable it is, for the printed report. */
  readonly description: string;
  /** Stops a server started here and deletes its files; nothing for one given by URL. */
  stop(): Promise<void>;
}

/** A fresh SQLite file in a temporary folder: `synchronous = FULL`, so every commit waits for the disk. */
export function sqliteBackend(): Backend {
  const folder = mkdtempSync(join(tmpdir(), 'rx-batcher-db-'));
  return {
    name: 'sqlite',
    connection: join(folder, 'events.db'),
    description: 'SQLite file in a temporary folder (WAL, synchronous = FULL: one fsync per commit)',
    stop: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

/** PostgreSQL at `DATABASE_URL`, or a throwaway server started here, or a sentence saying why there is none. */
export async function postgresBackend(env: Readonly<Record<string, string | undefined>> = process.env): Promise<Backend | string> {
  if (env.DATABASE_URL) {
    return { name: 'postgres', connection: env.DATABASE_URL, description: 'PostgreSQL at DATABASE_URL', stop: async () => {} };
  }
  const binaries = findPostgresBinaries();
  if (binaries === undefined) return 'no PostgreSQL: set DATABASE_URL or `apt-get install -y postgresql`';
  const server = await startPostgres(binaries);
  return {
    name: 'postgres',
    connection: server.url,
    description: `a throwaway PostgreSQL server from ${binaries.binDir} on this machine (fsync = off, synchronous_commit = off)`,
    stop: () => server.stop(),
  };
}

/** Redis at `REDIS_URL`, or a throwaway `redis-server` started here, or a sentence saying why there is none. */
export async function redisBackend(env: Readonly<Record<string, string | undefined>> = process.env): Promise<Backend | string> {
  if (env.REDIS_URL) return { name: 'redis', connection: env.REDIS_URL, description: 'Redis at REDIS_URL', stop: async () => {} };
  const executable = findRedisServer();
  if (executable === undefined) return 'no Redis: set REDIS_URL or `apt-get install -y redis-server`';
  const server = await startRedisServer(executable);
  return { name: 'redis', connection: server.url, description: `a throwaway ${executable} on this machine (no persistence)`, stop: () => server.stop() };
}

export function openEventStore(name: BackendName, connection: string): Promise<EventStore> {
  if (name === 'sqlite') return openSqliteEventStore(connection);
  if (name === 'redis') return openRedisEventStore(connection);
  return openPostgresEventStore(connection);
}
