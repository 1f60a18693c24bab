/**
 * The Redis an integration test runs against: the one `REDIS_URL` names, or a `redis-server` the test starts
 * and stops itself — on loopback, on a free port, in a throwaway directory, persisting nothing — or none, and
 * then the test is skipped or, under CI, fails (serverLookup.ts decides; the inputs are injectable).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lookUpServer, type ServerLookup } from './serverLookup.js';

/** Where Debian, the upstream `make install` and Homebrew put `redis-server`. */
export const usualRedisServerLocations = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server'];

export function findRedisServer(
  candidates: readonly string[] = usualRedisServerLocations,
  exists: (file: string) => boolean = existsSync,
): string | undefined {
  return candidates.find(exists);
}

export function lookUpRedis(
  testFile: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  find: () => string | undefined = () => findRedisServer(),
): ServerLookup<string> {
  return lookUpServer({
    server: 'Redis',
    urlVariable: 'REDIS_URL',
    testFile,
    installCommand: 'apt-get install -y redis-server',
    env,
    find,
  });
}

/** A server nothing else uses and that leaves nothing behind: loopback only, no RDB snapshot, no append-only file. */
export function redisServerArguments(port: number, directory: string): string[] {
  return ['--port', String(port), '--bind', '127.0.0.1', '--dir', directory, '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
}

/** A port free right now: the kernel picks one for a listener on port 0, which is closed again. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port from a listener on port 0'))));
    });
  });
}

export interface TestRedis {
  readonly url: string;
  /** Stops a server the test started and deletes its directory; nothing for one given by `REDIS_URL`. */
  stop(): Promise<void>;
}

/** What a lookup's outcome means for the test: a server to use, or an error saying why there is none. */
export async function openTestRedis(lookup: ServerLookup<string>): Promise<TestRedis> {
  if (lookup.outcome === 'use-url') return { url: lookup.url, stop: async () => {} };
  if (lookup.outcome === 'start') return startRedisServer(lookup.found);
  throw new Error(lookup.outcome === 'fail' ? lookup.message : lookup.notice);
}

// Another process can take the free port between `freePort` and the server binding it; a new port fixes that.
const START_ATTEMPTS = 3;

export async function startRedisServer(executable: string, readyTimeoutMs = 10_000): Promise<TestRedis> {
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const directory = mkdtempSync(path.join(tmpdir(), 'rx-batcher-redis-'));
    const port = await freePort();
    const server = spawn(executable, redisServerArguments(port, directory), { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await untilReady(server, readyTimeoutMs);
      return { url: `redis://127.0.0.1:${port}`, stop: () => stopServer(server, directory) };
    } catch (error) {
      await stopServer(server, directory);
      lastError = error as Error;
      if (!/Address already in use/.test(lastError.message)) break;
    }
  }
  throw lastError ?? new Error(`${executable} did not start`);
}

/** Resolves when the server logs that it accepts connections; rejects, with its output, if it exits or takes too long. */
function untilReady(server: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => finish(new Error(`redis-server was not ready within ${timeoutMs} ms. Its output:\n${output}`)), timeoutMs);
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) finish();
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(new Error(`redis-server exited (${signal ?? `code ${code}`}) before accepting connections. Its output:\n${output}`));
    const onError = (error: Error) => finish(error);
    function finish(error?: Error) {
      clearTimeout(timer);
      server.stdout?.off('data', onOutput);
      server.stderr?.off('data', onOutput);
      server.off('exit', onExit);
      server.off('error', onError);
      // Its later log lines are not read; a pipe nobody reads must not fill and stall the server.
      server.stdout?.resume();
      server.stderr?.resume();
      if (error) reject(error);
      else resolve();
    }
    server.stdout?.on('data', onOutput);
    server.stderr?.on('data', onOutput);
    server.once('exit', onExit);
    server.once('error', onError);
  });
}

/** SIGTERM (with `--save ''` it writes nothing on the way out), SIGKILL if it has not exited within 5 s. */
async function stopServer(server: ChildProcess, directory: string): Promise<void> {
  // No pid: it never started (the executable is missing), so there is no exit to wait for.
  if (server.pid !== undefined && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    server.kill('SIGTERM');
    const killTimer = setTimeout(() => server.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killTimer);
  }
  rmSync(directory, { recursive: true, force: true });
}
