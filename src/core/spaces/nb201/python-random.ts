/**
 * The parts of CPython's `random` module needed to replay a `random.seed(n); random.shuffle(xs)` call
 * bit for bit: MT19937 seeded through init_by_array, and shuffle's rejection-sampled index draws.
 * Not a general RNG for this project (that is ../../rng); this only reproduces a published ordering.
 */
export interface PythonRandom {
  /** `random.shuffle(items)`, in place. */
  shuffle<T>(items: T[]): void;
}

const N = 624;
const M = 397;

/** `random.Random(seed)` for an integer seed in [0, 2^32). */
export function pythonRandom(seed: number): PythonRandom {
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  const state = seedByArray([seed]);
  let position = N;

  const nextUint32 = (): number => {
    if (position >= N) {
      twist(state);
      position = 0;
    }
    let y = state[position++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };

  /** `_randbelow(n)`: draws bit_length(n) bits until the value is below n. */
  const below = (n: number): number => {
    const bits = 32 - Math.clz32(n);
    for (;;) {
      const r = nextUint32() >>> (32 - bits);
      if (r < n) return r;
    }
  };

  return {
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = below(i + 1);
        [items[i], items[j]] = [items[j], items[i]];
      }
    },
  };
}

function seedByArray(key: readonly number[]): Uint32Array {
  const s = new Uint32Array(N);
  s[0] = 19650218;
  for (let i = 1; i < N; i++) s[i] = Math.imul(1812433253, s[i - 1] ^ (s[i - 1] >>> 30)) + i;
  let i = 1;
  let j = 0;
  for (let k = Math.max(N, key.length); k > 0; k--) {
    s[i] = (s[i] ^ Math.imul(s[i - 1] ^ (s[i - 1] >>> 30), 1664525)) + key[j] + j;
    i++;
    j++;
    if (i >= N) {
      s[0] = s[N - 1];
      i = 1;
    }
    if (j >= key.length) j = 0;
  }
  for (let k = N - 1; k > 0; k--) {
    s[i] = (s[i] ^ Math.imul(s[i - 1] ^ (s[i - 1] >>> 30), 1566083941)) - i;
    i++;
    if (i >= N) {
      s[0] = s[N - 1];
      i = 1;
    }
  }
  s[0] = 0x80000000;
  return s;
}

function twist(s: Uint32Array): void {
  for (let k = 0; k < N; k++) {
    const y = (s[k] & 0x80000000) | (s[(k + 1) % N] & 0x7fffffff);
    s[k] = s[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
  }
}
