/**
 * A real single-node SLURM cluster on localhost for tests and benchmarks (Debian's slurm-wlm and
 * munge; recipe: /work/shared/docs/slurm-local.md). Everything lives in a temp folder — munge key
 * and socket, slurm.conf, state, spool, logs — and the daemons listen on free ports, so clusters of
 * parallel test files do not meet and the machine's /etc is not touched. `stop()` ends exactly the
 * daemons it started, by the pids they wrote.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { availableParallelism, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait';

const SBIN = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];
const DAEMONS = ['munged', 'slurmctld', 'slurmd'] as const;
const CLIENTS = ['sbatch', 'squeue', 'scontrol', 'scancel', 'sinfo'] as const;

export interface SlurmCluster {
  /** The cluster's slurm.conf: give it to clients as SLURM_CONF. */
  readonly conf: string;
  /** Environment for processes that talk to this cluster. */
  readonly env: NodeJS.ProcessEnv;
  readonly dir: string;
  readonly cpus: number;
  stop(): Promise<void>;
}

/** Why SLURM tests cannot run here, or false when they can (installing the packages with apt as root when missing). */
export function slurmUnavailable(): string | false {
  if (missingTools().length === 0) return false;
  if (process.getuid?.() !== 0)
    return `SLURM tests skipped: ${missingTools().join(', ')} missing and not root, so slurm-wlm and munge cannot be installed (apt-get install slurm-wlm munge)`;
  if (!which('apt-get')) return `SLURM tests skipped: ${missingTools().join(', ')} missing and no apt-get to install slurm-wlm and munge`;
  const install = spawnSync('bash', ['-c', 'apt-get install -y slurm-wlm munge || (apt-get update && apt-get install -y slurm-wlm munge)'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (install.status !== 0 || missingTools().length) {
    throw new Error(`installing slurm-wlm and munge failed (they are needed as root):\n${install.stderr.slice(-2000)}`);
  }
  return false;
}

/** Starts munged, slurmctld and slurmd; resolves when the node is idle. */
export async function startSlurmCluster(options: { cpus?: number; maxArraySize?: number } = {}): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'nas-lens-slurm-'));
  chmodSync(dir, 0o755);
  for (const sub of ['munge', 'state', 'spool', 'log']) mkdirSync(join(dir, sub));
  chmodSync(join(dir, 'munge'), 0o700);
  const key = join(dir, 'munge', 'munge.key');
  writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  const socket = join(dir, 'munge', 'munge.sock');
  const started: { name: string; pidFile: string }[] = [];
  const stop = async () => {
    await stopDaemons(started, env);
    rmSync(dir, { recursive: true, force: true });
  };
  const env = { ...process.env, SLURM_CONF: join(dir, 'slurm.conf') };
  try {
    const mungePid = join(dir, 'munge', 'munged.pid');
    execFileSync(
      tool('munged'),
      [
        '--force',
        `--socket=${socket}`,
        `--key-file=${key}`,
        `--log-file=${join(dir, 'munge', 'munged.log')}`,
        `--pid-file=${mungePid}`,
        `--seed-file=${join(dir, 'munge', 'munged.seed')}`,
      ],
      { stdio: 'pipe' },
    );
    started.push({ name: 'munged', pidFile: mungePid });
    const host = hostname().split('.')[0];
    const cpus = options.cpus ?? availableParallelism();
    const [ctldPort, dPort] = [await freePort(), await freePort()];
    writeFileSync(
      env.SLURM_CONF,
      [
        'ClusterName=naslens',
        `SlurmctldHost=${host}`,
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${dPort}`,
        'SlurmUser=root',
        'SlurmdUser=root',
        'AuthType=auth/munge',
        `AuthInfo=socket=${socket}`,
        'CredType=cred/munge',
        `StateSaveLocation=${join(dir, 'state')}`,
        `SlurmdSpoolDir=${join(dir, 'spool')}`,
        `SlurmctldLogFile=${join(dir, 'log', 'ctld.log')}`,
        `SlurmdLogFile=${join(dir, 'log', 'd.log')}`,
        `SlurmctldPidFile=${join(dir, 'ctld.pid')}`,
        `SlurmdPidFile=${join(dir, 'd.pid')}`,
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'JobAcctGatherType=jobacct_gather/none',
        'SelectType=select/cons_tres',
        'SelectTypeParameters=CR_Core',
        'ReturnToService=2',
        'MpiDefault=none',
        ...(options.maxArraySize !== undefined ? [`MaxArraySize=${options.maxArraySize}`] : []),
        // More CPUs than cores is allowed for this test node: the oracle trainer mostly sleeps.
        ...(cpus !== availableParallelism() ? ['SlurmdParameters=config_overrides'] : []),
        `NodeName=${host} CPUs=${cpus} RealMemory=4000 State=UNKNOWN`,
        `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
        '',
      ].join('\n'),
    );
    execFileSync(tool('slurmctld'), [], { env, stdio: 'pipe' });
    started.push({ name: 'slurmctld', pidFile: join(dir, 'ctld.pid') });
    execFileSync(tool('slurmd'), [], { env, stdio: 'pipe' });
    started.push({ name: 'slurmd', pidFile: join(dir, 'd.pid') });
    await waitFor(
      () => {
        const r = spawnSync('sinfo', ['-h', '-o', '%t'], { env, encoding: 'utf8' });
        return r.status === 0 && r.stdout.trim() === 'idle';
      },
      60_000,
      () => `the SLURM node did not become idle:\n${tail(join(dir, 'log', 'ctld.log'))}\n${tail(join(dir, 'log', 'd.log'))}`,
    );
    return { conf: env.SLURM_CONF, env, dir, cpus, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Cancels what is still queued or running, then ends the daemons by pid (slurmd, slurmctld, munged). */
async function stopDaemons(started: { name: string; pidFile: string }[], env: NodeJS.ProcessEnv): Promise<void> {
  if (started.some((d) => d.name === 'slurmctld')) {
    spawnSync('scancel', ['--user', String(process.getuid?.() ?? 0)], { env, stdio: 'ignore' });
    await waitFor(
      () => {
        const r = spawnSync('squeue', ['-h', '-o', '%i'], { env, encoding: 'utf8' });
        return r.status !== 0 || r.stdout.trim() === '';
      },
      60_000,
      () => 'jobs did not end after scancel',
    ).catch(() => undefined);
  }
  for (const daemon of [...started].reverse()) {
    const pid = existsSync(daemon.pidFile) ? Number(readFileSync(daemon.pidFile, 'utf8').trim()) : NaN;
    if (!Number.isInteger(pid) || pid <= 0) continue;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      continue;
    }
    await waitFor(
      () => !alive(pid),
      30_000,
      () => `${daemon.name} (pid ${pid}) did not stop`,
    ).catch(() => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    });
  }
}

function missingTools(): string[] {
  return [...DAEMONS, ...CLIENTS].filter((t) => !which(t));
}

function which(name: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(':'), ...SBIN]) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function tool(name: (typeof DAEMONS)[number]): string {
  const path = which(name);
  if (!path) throw new Error(`${name} not found`);
  return path;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function tail(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').slice(-15).join('\n') : `(${path} missing)`;
}
