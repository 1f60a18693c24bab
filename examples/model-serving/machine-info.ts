import { availableParallelism, cpus } from 'node:os';

/** The facts a reader needs to weigh the numbers: CPU model, cores Node can use, Node version. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  node: string;
}

export function describeMachine(): MachineInfo {
  return { cpuModel: cpus()[0]?.model.trim() ?? 'unknown', cores: availableParallelism(), node: process.version };
}
