// The TF.js backend of the extension host: wasm (SIMD, single thread) from the VSIX's dist/wasm/,
// else from the repo's node_modules when loaded for development; cpu if neither starts.
// Measured for the editor's small batches: wasm ≈ 25× faster than cpu on a 200×64·64 matmul
// (bench/results/editor.json has the figures), so wasm is worth its 1 MB in the VSIX.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { initTfBackend, type BackendInfo } from '../../node/tf-backend';

const WASM_FILE = 'tfjs-backend-wasm-simd.wasm';

/** Where the .wasm files are: dist/wasm in a packaged extension, node_modules in the repo. */
export function wasmDirs(extensionPath: string): string[] {
  return [
    path.join(extensionPath, 'dist', 'wasm'),
    path.join(extensionPath, 'dist'),
    path.join(extensionPath, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'),
  ];
}

let started: Promise<BackendInfo> | undefined;

export function startTf(extensionPath: string): Promise<BackendInfo> {
  if (!started) {
    const wasmDir = wasmDirs(extensionPath).find((d) => existsSync(path.join(d, WASM_FILE)));
    started = initTfBackend(wasmDir ? { backend: 'auto', wasmDir } : { backend: 'cpu' }).then(async (info) => {
      const tf = await import('@tensorflow/tfjs-core');
      tf.enableProdMode();
      return wasmDir ? info : { ...info, fallbackReason: `${WASM_FILE} is not shipped (looked in ${wasmDirs(extensionPath).join(', ')})` };
    });
  }
  return started;
}
