import type { Nb101Cell } from '../types';
import { NB101_OPS } from './compact';
import { md5HexInto, md5HexOfScratch, md5OfScratch, md5Scratch } from './md5';

/** Width of one vertex hash: 32 hex digits. */
const H = 32;
const PIPE = 0x7c;
const QUOTE = 0x27;
const COMMA = 0x2c;
const SPACE = 0x20;
const OPS: readonly string[] = NB101_OPS;

/** The hex digest (ASCII codes) of each first-round string `(out-degree, in-degree, label)`, by (out, in, label); few distinct ones. */
const firstRound = new Map<number, Uint8Array>();
let hashes = new Uint8Array(8 * H);
let next = new Uint8Array(8 * H);

/**
 * NAS-Bench-101's graph fingerprint (nasbench graph_util.hash_module) of a cell taken as given:
 * callers pass the pruned, valid cell. The strings hashed mirror Python's str() of the original
 * tuples and lists byte for byte, which is what makes the result equal to the dataset's keys:
 *
 *   hashes[x] = md5(str((out_degree, in_degree, label)))          label: input -1, output -2, else the op's index
 *   V rounds: hashes[x] = md5(''.join(sorted(in-neighbours' hashes)) + '|' + ''.join(sorted(out-neighbours' hashes)) + '|' + hashes[x])
 *   fingerprint = md5(str(sorted(hashes)))                         i.e. "['h1', 'h2', …]"
 *
 * The vertex hashes are kept as ASCII hex digits in byte arrays and each message is assembled as
 * bytes in MD5's own buffer (no strings until the end): the same digests, several times faster
 * than joining strings. Sorting hex digits by bytes is Python's (and JavaScript's) string order.
 */
export function fingerprintNb101(cell: Nb101Cell): string {
  const { matrix, ops } = cell;
  const v = ops.length;
  const inNeighbours: number[][] = [];
  const outNeighbours: number[][] = [];
  for (let x = 0; x < v; x++) {
    inNeighbours.push([]);
    outNeighbours.push([]);
  }
  for (let i = 0; i < v; i++) {
    const row = matrix[i];
    for (let j = 0; j < v; j++) {
      if (row[j]) {
        outNeighbours[i].push(j);
        inNeighbours[j].push(i);
      }
    }
  }
  if (hashes.length < v * H) {
    hashes = new Uint8Array(v * H);
    next = new Uint8Array(v * H);
  }

  for (let x = 0; x < v; x++) {
    const label = x === 0 ? -1 : x === v - 1 ? -2 : OPS.indexOf(ops[x]);
    const out = outNeighbours[x].length,
      inn = inNeighbours[x].length;
    const key = (out * 1024 + inn) * 8 + label + 2;
    let digest = firstRound.get(key);
    if (!digest) {
      const text = `(${out}, ${inn}, ${label})`;
      digest = new Uint8Array(H);
      md5HexInto(
        Uint8Array.from(text, (ch) => ch.charCodeAt(0)),
        text.length,
        digest,
        0,
      );
      firstRound.set(key, digest);
    }
    hashes.set(digest, x * H);
  }

  // Longest message: every other vertex on both sides, two pipes and the vertex itself; or the final list.
  const message = md5Scratch(Math.max((2 * v + 1) * H + 2, 2 + v * (H + 4)));
  const order: number[] = [];
  for (let round = 0; round < v; round++) {
    for (let x = 0; x < v; x++) {
      let length = writeSorted(message, hashes, inNeighbours[x], order, 0);
      message[length++] = PIPE;
      length = writeSorted(message, hashes, outNeighbours[x], order, length);
      message[length++] = PIPE;
      length = copyHash(message, hashes, x, length);
      md5HexOfScratch(length, next, x * H);
    }
    const done = hashes;
    hashes = next;
    next = done;
  }

  // str(sorted(hashes)): ['h1', 'h2', …]
  order.length = 0;
  for (let x = 0; x < v; x++) order.push(x);
  sortByHash(hashes, order);
  let length = 0;
  message[length++] = 0x5b; // [
  for (let k = 0; k < v; k++) {
    if (k > 0) {
      message[length++] = COMMA;
      message[length++] = SPACE;
    }
    message[length++] = QUOTE;
    length = copyHash(message, hashes, order[k], length);
    message[length++] = QUOTE;
  }
  message[length++] = 0x5d; // ]
  return md5OfScratch(length);
}

/** Writes the hashes of `vertices`, sorted, to `message` from `at`; returns the end. */
function writeSorted(message: Uint8Array, hashes: Uint8Array, vertices: readonly number[], order: number[], at: number): number {
  if (vertices.length === 0) return at;
  if (vertices.length === 1) return copyHash(message, hashes, vertices[0], at);
  order.length = 0;
  for (const w of vertices) order.push(w);
  sortByHash(hashes, order);
  for (const w of order) at = copyHash(message, hashes, w, at);
  return at;
}

/** Copies vertex x's hash to message[at …]; returns the end. */
function copyHash(message: Uint8Array, hashes: Uint8Array, x: number, at: number): number {
  for (let k = 0, o = x * H; k < H; k++) message[at + k] = hashes[o + k];
  return at + H;
}

/** Insertion sort of vertex indices by their hashes (at most 7). */
function sortByHash(hashes: Uint8Array, items: number[]): void {
  for (let i = 1; i < items.length; i++) {
    const item = items[i];
    let j = i - 1;
    while (j >= 0 && compareHashes(hashes, items[j], item) > 0) {
      items[j + 1] = items[j];
      j--;
    }
    items[j + 1] = item;
  }
}

function compareHashes(hashes: Uint8Array, a: number, b: number): number {
  const oa = a * H,
    ob = b * H;
  for (let k = 0; k < H; k++) {
    const d = hashes[oa + k] - hashes[ob + k];
    if (d !== 0) return d;
  }
  return 0;
}
