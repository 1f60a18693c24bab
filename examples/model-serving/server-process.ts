/**
 * Runs the model server in its own process, so the load generator does not share an event loop with it:
 * on 2 cores that is the honest set-up, with the server (and the model on its thread) on one core and
 * autocannon on the other. Started by `server-child.ts`; talks to it over the IPC channel.
 *   argv[2]: `real` | `seed`
 */
import { BATCHING_FOR_MODEL } from './batching-settings.js';
import { loadModel } from './load-model.js';
import { measureModelCost } from './measure-model-cost.js';
import type { ModelKind } from './prediction-model.js';
import { createServer } from './server.js';
import type { ServerChildMessage } from './server-child.js';

async function main(): Promise<void> {
  const kind = process.argv[2] as ModelKind;
  const model = await loadModel(kind);
  const cost = await measureModelCost(model);
  const server = createServer({ model, batching: BATCHING_FOR_MODEL[kind] });
  const url = await server.listen(0);
  const ready: ServerChildMessage = { type: 'ready', url, description: model.description, cost };
  process.send?.(ready);

  // The parent disconnecting (after asking us to stop, or by dying) is the signal to shut down cleanly.
  process.once('disconnect', () => {
    void server.close().then(() => model.close());
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
