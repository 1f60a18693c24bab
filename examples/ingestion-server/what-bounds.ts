import type { CpuUsage } from './cpu-usage.js';

// A machine at 90% of its cores has no room for the next step's extra work; a process at 90% of one core
// is one event loop with no room.
const SATURATED = 0.9;

/**
 * Says in one sentence what limited a step, from the CPU each party used during it: the machine's cores
 * (shared by the load generator, the server, the database and whatever else runs there), the server's one
 * event loop, or neither — then the limit is waiting (a commit's fsync, a lock, a round trip), not computing.
 */
export function whatBounds(usage: CpuUsage): string {
  const parts =
    `CPU ${usage.machine.toFixed(2)} of ${usage.cores} cores busy: load generator ${usage.loadGenerator.toFixed(2)}, ` +
    `server ${usage.server.toFixed(2)}, database processes ${usage.database.toFixed(2)}, other processes ${usage.others.toFixed(2)}`;
  if (Number.isNaN(usage.machine)) return 'CPU not measured (no /proc)';
  if (usage.machine >= SATURATED * usage.cores) return `the cores: ${parts}`;
  if (usage.server >= SATURATED) return `the server's event loop: ${parts}`;
  return `waiting, not the CPU (commits, round trips): ${parts}`;
}
