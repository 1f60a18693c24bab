import os from 'node:os';

/** What the numbers were measured on; they mean little without it. */
export interface MachineDescription {
  readonly cpu: string;
  readonly logicalCores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly v8: string;
}

export function describeMachine(): MachineDescription {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    logicalCores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
  };
}

export function formatMachine(machine: MachineDescription): string {
  return `${machine.cpu}, ${machine.logicalCores} logical cores, ${machine.memoryGiB} GiB; ${machine.os}; Node ${machine.node} (V8 ${machine.v8})`;
}
