import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { errorMessage } from '../shared/errors';

export type BackendName = 'wasm' | 'cpu';

export interface BackendOptions {
  /** 'auto' (default) tries wasm, then falls back to cpu. */
  readonly backend?: BackendName | 'auto';
  /** Folder holding tfjs-backend-wasm*.wasm; default: the installed package's dist/, else beside this bundle. */
  readonly wasmDir?: string;
}

export interface BackendInfo {
  readonly backend: BackendName;
  readonly simd: boolean;
  /** tfjs-backend-wasm disables threads under Node (tfjs issue 3830): always 1 there. */
  readonly threads: number;
  /** Why wasm was not used, when it was asked for or tried and failed. */
  readonly fallbackReason?: string;
}

const WASM_FILE = 'tfjs-backend-wasm-simd.wasm';

/** The folder of the wasm binaries: the one given, the installed package's dist/, or a wasm/ folder beside the running bundle. */
export function locateWasmDir(wasmDir?: string): string | undefined {
  const candidates: string[] = [];
  if (wasmDir) candidates.push(wasmDir);
  // Installed next to the working directory, or next to this module (a run from source in another folder).
  for (const from of [join(process.cwd(), 'noop.js'), ...(typeof __filename === 'string' ? [__filename] : [])]) {
    try {
      candidates.push(dirname(createRequire(from).resolve('@tensorflow/tfjs-backend-wasm/dist/' + WASM_FILE)));
    } catch {
      // not installed there
    }
  }
  if (typeof __dirname === 'string') candidates.push(join(__dirname, 'wasm'), __dirname);
  return candidates.find((dir) => existsSync(join(dir, WASM_FILE)));
}

let current: Promise<BackendInfo> | undefined;
let currentKey = '';

/**
 * Sets the TF.js backend once per process (later calls with the same options return the same promise).
 * wasm runs single-threaded with SIMD; cpu is the pure-JS fallback.
 */
export function initTfBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  const key = JSON.stringify(options);
  if (current && key === currentKey) return current;
  currentKey = key;
  current = setup(options);
  return current;
}

async function setup(options: BackendOptions): Promise<BackendInfo> {
  const wanted = options.backend ?? 'auto';
  if (wanted !== 'cpu') {
    const reason = await tryWasm(options.wasmDir);
    if (reason === undefined) {
      const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      return { backend: 'wasm', simd, threads: 1 };
    }
    if (wanted === 'wasm') throw new Error(`the wasm backend could not start: ${reason}`);
    await useCpu();
    return { backend: 'cpu', simd: false, threads: 1, fallbackReason: reason };
  }
  await useCpu();
  return { backend: 'cpu', simd: false, threads: 1 };
}

async function useCpu(): Promise<void> {
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend of TF.js could not start');
  await tf.ready();
}

/** Undefined on success, else the reason wasm is unavailable. */
async function tryWasm(wasmDir?: string): Promise<string | undefined> {
  const dir = locateWasmDir(wasmDir);
  if (!dir) return `${WASM_FILE} not found${wasmDir ? ` in ${wasmDir}` : ''} (pass wasmDir)`;
  try {
    if (tf.findBackendFactory('wasm') === null) throw new Error('tfjs-backend-wasm did not register');
    if (tf.getBackend() !== 'wasm') setWasmPaths(dir.endsWith('/') ? dir : dir + '/');
    if (!(await tf.setBackend('wasm'))) return 'tf.setBackend("wasm") returned false';
    await tf.ready();
    return undefined;
  } catch (err) {
    return errorMessage(err);
  }
}
