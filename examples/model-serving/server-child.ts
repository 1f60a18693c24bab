import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ModelCost } from './measure-model-cost.js';
import type { ModelKind } from './prediction-model.js';

/** What `server-process.ts` reports once it listens. */
export interface ServerChildMessage {
  type: 'ready';
  url: string;
  description: string;
  cost: ModelCost;
}

export interface ServerChild extends Omit<ServerChildMessage, 'type'> {
  /** Closes the server (answering what it accepted), frees the model and waits for the process to exit. */
  stop(): Promise<void>;
}

/**
 * Starts the model server in a child process and resolves once it listens, with its URL and the
 * model's measured cost. A fresh process per endpoint keeps one endpoint's backlog out of the other's run.
 */
export function startServerChild(kind: ModelKind): Promise<ServerChild> {
  const child: ChildProcess = fork(join(__dirname, 'server-process.ts'), [kind], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise<ServerChild>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`The server process exited with code ${code} before it was ready`)));
    child.once('message', (message: ServerChildMessage) => {
      resolve({
        url: message.url,
        description: message.description,
        cost: message.cost,
        async stop() {
          child.disconnect();
          await exited;
        },
      });
    });
  });
}
