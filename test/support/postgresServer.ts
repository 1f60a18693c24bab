/**
 * A throwaway PostgreSQL server for the integration tests: Debian's binaries (not on `PATH`), a data directory in
 * a fresh temporary folder, loopback only, a free port, the unix socket in that folder, so nothing of the
 * machine's own setup is used or changed. `initdb` and `pg_ctl` refuse to run as root, and CI runs as root: then
 * they run as the `postgres` user, who owns the folder. What the test does without the binaries is
 * `lookUpServer`'s decision (serverLookup.ts): `DATABASE_URL` first, then these binaries, then skip or fail.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { lookUpServer, type ServerLookup } from './serverLookup.js';

const run = promisify(execFile);

/** Where Debian and Ubuntu install each PostgreSQL version: `<root>/<version>/bin`. */
export const debianPostgresRoot = '/usr/lib/postgresql';

export interface PostgresBinaries {
  readonly binDir: string;
}

export interface BinarySearch {
  readonly root: string;
  readonly listDir: (folder: string) => readonly string[];
  readonly exists: (file: string) => boolean;
}

function thisMachinesFiles(): BinarySearch {
  const listDir = (folder: string): string[] => (existsSync(folder) ? readdirSync(folder) : []);
  return { root: debianPostgresRoot, listDir, exists: existsSync };
}

/** The newest installed version that has both `initdb` and `pg_ctl`, or `undefined`. */
export function findPostgresBinaries({ root, listDir, exists }: BinarySearch = thisMachinesFiles()): PostgresBinaries | undefined {
  const versions = listDir(root)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const binDir = path.posix.join(root, version, 'bin');
    if (exists(path.posix.join(binDir, 'initdb')) && exists(path.posix.join(binDir, 'pg_ctl'))) return { binDir };
  }
  return undefined;
}

/** What a PostgreSQL test file does here: use `DATABASE_URL`, start a server, skip, or fail (under CI). */
export function lookUpPostgres(
  testFile: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  find: () => PostgresBinaries | undefined = findPostgresBinaries,
): ServerLookup<PostgresBinaries> {
  return lookUpServer({
    server: 'PostgreSQL',
    urlVariable: 'DATABASE_URL',
    testFile,
    installCommand: 'apt-get install -y postgresql',
    env,
    find,
  });
}

/**
 * The command line that runs a PostgreSQL tool: as the `postgres` user through `runuser` when this process is
 * root (the tools exit at once under root, to keep a server from owning system files), as is otherwise.
 */
export function postgresToolCommand(binDir: string, tool: string, args: readonly string[], isRoot: boolean): [string, string[]] {
  const executable = path.posix.join(binDir, tool);
  return isRoot ? ['runuser', ['-u', 'postgres', '--', executable, ...args]] : [executable, [...args]];
}

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`, trust authentication. */
  readonly url: string;
  /** Stops the server (fast shutdown: open connections are cut) and deletes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** A port nobody listens on now: the kernel's pick for port 0 on loopback, released at once for the server. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** A temporary folder the tools may write: owned by `postgres` when they run as it. */
async function makeFolder(): Promise<string> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'rx-batcher-pg-'));
  if (isRoot()) {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    chownSync(folder, Number(uid.stdout.trim()), Number(gid.stdout.trim()));
  }
  return folder;
}

/**
 * Starts a new server with `binaries`; resolves once it accepts connections. A failed start deletes the folder
 * and says why, with the end of the server's log.
 */
export async function startPostgres({ binDir }: PostgresBinaries): Promise<PostgresServer> {
  const folder = await makeFolder();
  const dataDir = path.join(folder, 'data');
  const logFile = path.join(folder, 'server.log');
  // The folder as working directory: the tools cannot enter a root-owned one as `postgres`.
  const tool = (name: string, args: readonly string[]) => {
    const [command, commandArgs] = postgresToolCommand(binDir, name, args, isRoot());
    return run(command, commandArgs, { cwd: folder, timeout: 60_000 });
  };
  let started = false;
  // A test process that exits without `afterAll` (a crash, `process.exit`) still takes its server with it.
  const stopOnExit = () => {
    const [command, args] = postgresToolCommand(binDir, 'pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w'], isRoot());
    try {
      execFileSync(command, args, { cwd: folder, stdio: 'ignore', timeout: 30_000 });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
  const stop = async (): Promise<void> => {
    process.removeListener('exit', stopOnExit);
    try {
      if (started) await tool('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30']);
    } finally {
      started = false;
      rmSync(folder, { recursive: true, force: true });
    }
  };
  try {
    // Durability off: the data is thrown away, and fsync would be most of the tests' time on a slow disk.
    await tool('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    const port = await freePort();
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    started = true;
    process.once('exit', stopOnExit);
    await tool('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', options]);
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '(no server log)';
    await stop().catch(() => undefined);
    throw new Error(`PostgreSQL did not start in ${folder}: ${String(error)}\nServer log:\n${log}`, { cause: error });
  }
}
