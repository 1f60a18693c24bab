import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { BackendName } from './backends.js';

/** What `server-process.ts` reports once it listens. */
export interface IngestionChildMessage {
  type: 'ready';
  url: string;
}

export interface IngestionChild {
  readonly url: string;
  /** The server process, whose CPU time the demo reads. */
  readonly pid: number;
  /** Closes the server (writing and answering what it accepted), closes the store, waits for the exit. */
  stop(): Promise<void>;
}

/** Starts the ingestion server in a child process and resolves once it listens. */
export function startIngestionChild(backend: BackendName, connection: string): Promise<IngestionChild> {
  const child = fork(join(__dirname, 'server-process.ts'), [backend, connection], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`The ingestion server exited with code ${code} before it was ready`)));
    child.once('message', (message: IngestionChildMessage) => {
      resolve({
        url: message.url,
        pid: child.pid!,
        async stop() {
          child.disconnect();
          await exited;
        },
      });
    });
  });
}
