import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** CPU used over a window, in cores (CPU-seconds per second): what each party of the demo took. */
export interface CpuUsage {
  /** The whole machine, out of `cores`. */
  machine: number;
  cores: number;
  /** This process: autocannon and the demo around it. */
  loadGenerator: number;
  /** The server process (with SQLite inside it). */
  server: number;
  /** The database server's processes; 0 for SQLite, which runs inside the server process. */
  database: number;
  /** Everything else on the machine: other people's work on a shared machine. */
  others: number;
}

// Linux's USER_HZ: /proc counts CPU time in ticks of 1/100 s on every architecture Node runs on.
const TICKS_PER_SECOND = 100;

/**
 * Starts a window; the function it returns ends it and says how much CPU each party used. Reads /proc, so
 * only on Linux; elsewhere the machine's figure is NaN.
 *
 * @param databasePids - the database server's processes now (a PostgreSQL backend per connection).
 */
export function startCpuWindow(serverPid: number, databasePids: () => readonly number[]): () => CpuUsage {
  const startedAt = performance.now();
  const databaseTicks = () => databasePids().reduce((sum, pid) => sum + processTicks(pid), 0);
  const before = { machine: machineBusyTicks(), loadGenerator: process.cpuUsage(), server: processTicks(serverPid), database: databaseTicks() };
  return () => {
    const seconds = (performance.now() - startedAt) / 1000;
    const cores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
    const loadGeneratorMicros = process.cpuUsage(before.loadGenerator);
    const loadGenerator = (loadGeneratorMicros.user + loadGeneratorMicros.system) / 1e6 / seconds;
    const server = cores(processTicks(serverPid) - before.server);
    const database = cores(databaseTicks() - before.database);
    const machine = cores(machineBusyTicks() - before.machine);
    return { machine, cores: cpus().length, loadGenerator, server, database, others: Math.max(0, machine - loadGenerator - server - database) };
  };
}

/**
 * The PostgreSQL server listening on `port` and its children (a backend per connection), found by the
 * postmaster's command line (`-p <port>`), so another PostgreSQL on the machine is not counted.
 */
export function postgresPids(port: number): number[] {
  const processes = listProcesses().filter((entry) => entry.command === 'postgres');
  const postmaster = processes.find((entry) => readCommandLine(entry.pid).join(' ').includes(`-p ${port}`));
  if (postmaster === undefined) return [];
  return [postmaster.pid, ...processes.filter((entry) => entry.parentPid === postmaster.pid).map((entry) => entry.pid)];
}

/** Busy ticks of all CPUs since boot: everything but idle and iowait. */
function machineBusyTicks(): number {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    return user + nice + system + irq + softirq + steal;
  } catch {
    return Number.NaN;
  }
}

/** User and system ticks of one process, or 0 if it is gone. */
function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; the fields after it are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function listProcesses(): Array<{ pid: number; parentPid: number; command: string }> {
  const found: Array<{ pid: number; parentPid: number; command: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      found.push({ pid: Number(entry), parentPid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), command });
    } catch {
      // The process exited between listing and reading.
    }
  }
  return found;
}

function readCommandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}
