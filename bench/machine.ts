import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** Where and under what load a benchmark ran: CPU model, cores, Node, load averages and `uptime`, now. */
export function machineAndLoad(): { date: string; machine: string; cores: number; node: string; loadAverage: number[]; uptime: string } {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    machine: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
    uptime: execFileSync('uptime', { encoding: 'utf8' }).trim(),
  };
}
