/**
 * Runs the ingestion server in its own process, so the load generator does not share its event loop (as the
 * model demo does). Started by `server-child.ts`; talks to it over the IPC channel.
 *   argv[2]: `sqlite` | `postgres`; argv[3]: the SQLite file or the PostgreSQL URL
 */
import type { BackendName } from './backends.js';
import { openEventStore } from './backends.js';
import { BATCHING_FOR_BACKEND } from './batching-settings.js';
import { createIngestionServer } from './server.js';
import type { IngestionChildMessage } from './server-child.js';

async function main(): Promise<void> {
  const backend = process.argv[2] as keyof typeof BATCHING_FOR_BACKEND & BackendName;
  const store = await openEventStore(backend, process.argv[3]);
  const server = createIngestionServer({ store, batching: BATCHING_FOR_BACKEND[backend] });
  const ready: IngestionChildMessage = { type: 'ready', url: await server.listen(0) };
  process.send?.(ready);

  // The parent disconnecting (after asking us to stop, or by dying) is the signal to shut down cleanly.
  process.once('disconnect', () => {
    void server.close().then(() => store.close());
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
