import type { Nb101Cell } from '../types';
import { NB101_OPS } from './compact';
import { md5Hex } from './md5';

/**
 * NAS-Bench-101's graph fingerprint (nasbench graph_util.hash_module) of a cell taken as given:
 * callers pass the pruned, valid cell. The strings hashed mirror Python's str() of the original
 * tuples and lists byte for byte, which is what makes the result equal to the dataset's keys.
 */
export function fingerprintNb101(cell: Nb101Cell): string {
  const { matrix, ops } = cell;
  const v = ops.length;
  const inNeighbours: number[][] = Array.from({ length: v }, () => []);
  const outNeighbours: number[][] = Array.from({ length: v }, () => []);
  for (let i = 0; i < v; i++) {
    for (let j = 0; j < v; j++) {
      if (matrix[i][j]) {
        outNeighbours[i].push(j);
        inNeighbours[j].push(i);
      }
    }
  }

  let hashes: string[] = [];
  for (let x = 0; x < v; x++) {
    const label = x === 0 ? -1 : x === v - 1 ? -2 : (NB101_OPS as readonly string[]).indexOf(ops[x]);
    hashes.push(md5Hex(`(${outNeighbours[x].length}, ${inNeighbours[x].length}, ${label})`));
  }

  for (let round = 0; round < v; round++) {
    const next: string[] = [];
    for (let x = 0; x < v; x++) {
      next.push(md5Hex(`${sortedConcat(hashes, inNeighbours[x])}|${sortedConcat(hashes, outNeighbours[x])}|${hashes[x]}`));
    }
    hashes = next;
  }

  return md5Hex(`[${hashes.sort().map((h) => `'${h}'`).join(', ')}]`);
}

function sortedConcat(hashes: readonly string[], vertices: readonly number[]): string {
  if (vertices.length === 0) return '';
  if (vertices.length === 1) return hashes[vertices[0]];
  const picked: string[] = [];
  for (const w of vertices) picked.push(hashes[w]);
  return picked.sort().join('');
}
