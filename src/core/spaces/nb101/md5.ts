/**
 * MD5 (RFC 1321) of a string's UTF-8 bytes, as 32 lowercase hex digits. Core cannot use node:crypto,
 * and the NAS-Bench-101 fingerprint is defined over MD5, so it is implemented here. The fingerprint
 * hashes about sixty short ASCII strings per cell, so the ASCII path packs bytes straight into words.
 */

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const utf8 = new TextEncoder();

/** Per byte value, the char codes of its two lowercase hex digits (high nibble first). */
const HEX_CODES = Uint8Array.from({ length: 512 }, (_, k) => HEX[k >> 1].charCodeAt(k & 1));

let words = new Int32Array(64);
/** The bytes of `words`: on a little-endian machine, exactly the message bytes MD5 reads. */
let wordBytes = new Uint8Array(words.buffer);
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
/** Where messages are assembled on a big-endian machine (then packed into words). */
let scratch = new Uint8Array(256);
/** The digest of the last message, as the four little-endian state words A, B, C, D. */
const state = new Int32Array(4);

export function md5Hex(text: string): string {
  let ascii = true;
  for (let i = 0; i < text.length && ascii; i++) ascii = text.charCodeAt(i) < 0x80;
  if (!ascii) return md5Bytes(utf8.encode(text));
  const blocks = prepare(text.length);
  for (let i = 0; i < text.length; i++) words[i >> 2] |= text.charCodeAt(i) << ((i & 3) << 3);
  digest(blocks);
  return stateHex();
}

export function md5Bytes(message: Uint8Array): string {
  return md5Prefix(message, message.length);
}

/** MD5 of the first `length` bytes of `message`, as 32 lowercase hex digits. */
export function md5Prefix(message: Uint8Array, length: number): string {
  packBytes(message, length);
  return stateHex();
}

/**
 * MD5 of the first `length` bytes of `message`, written as 32 lowercase hex digits (ASCII codes) to
 * out[at .. at + 32): for hashing hashes without building strings (the NB-101 fingerprint).
 */
export function md5HexInto(message: Uint8Array, length: number, out: Uint8Array, at: number): void {
  packBytes(message, length);
  writeHex(out, at);
}

/**
 * A buffer to assemble a message of up to `capacity` bytes in, for md5HexOfScratch / md5OfScratch:
 * md5's own word buffer (nothing is copied), so it is valid until the next call of any md5 function.
 */
export function md5Scratch(capacity: number): Uint8Array {
  ensureWords(((capacity + 8) >>> 6) + 1);
  if (LITTLE_ENDIAN) return wordBytes;
  if (scratch.length < capacity) scratch = new Uint8Array(capacity);
  return scratch;
}

/** md5HexInto for the first `length` bytes of the md5Scratch buffer. */
export function md5HexOfScratch(length: number, out: Uint8Array, at: number): void {
  digestScratch(length);
  writeHex(out, at);
}

/** MD5 of the first `length` bytes of the md5Scratch buffer, as 32 lowercase hex digits. */
export function md5OfScratch(length: number): string {
  digestScratch(length);
  return stateHex();
}

function digestScratch(length: number): void {
  if (!LITTLE_ENDIAN) {
    packBytes(scratch, length);
    return;
  }
  const blocks = ((length + 8) >>> 6) + 1;
  ensureWords(blocks);
  wordBytes[length] = 0x80;
  wordBytes.fill(0, length + 1, blocks * 64 - 8);
  const bitLength = length * 8;
  words[blocks * 16 - 2] = bitLength | 0;
  words[blocks * 16 - 1] = Math.floor(bitLength / 4294967296) | 0;
  digest(blocks);
}

function ensureWords(blocks: number): void {
  if (words.length >= blocks * 16) return;
  words = new Int32Array(blocks * 16);
  wordBytes = new Uint8Array(words.buffer);
}

function writeHex(out: Uint8Array, at: number): void {
  for (let k = 0; k < 16; k++) {
    const byte = (state[k >> 2] >>> ((k & 3) << 3)) & 0xff;
    out[at + 2 * k] = HEX_CODES[2 * byte];
    out[at + 2 * k + 1] = HEX_CODES[2 * byte + 1];
  }
}

function packBytes(message: Uint8Array, length: number): void {
  const blocks = prepare(length);
  const w = words;
  const whole = length & ~3;
  let i = 0;
  for (; i < whole; i += 4) w[i >> 2] = message[i] | (message[i + 1] << 8) | (message[i + 2] << 16) | (message[i + 3] << 24);
  for (; i < length; i++) w[i >> 2] |= message[i] << ((i & 3) << 3);
  digest(blocks);
}

function stateHex(): string {
  return hexWord(state[0]) + hexWord(state[1]) + hexWord(state[2]) + hexWord(state[3]);
}

/** Zeroes the word buffer for a message of `length` bytes and writes the padding; returns the number of 64-byte blocks. */
function prepare(length: number): number {
  const blocks = ((length + 8) >>> 6) + 1;
  ensureWords(blocks);
  words.fill(0, 0, blocks * 16);
  words[length >> 2] |= 0x80 << ((length & 3) << 3);
  const bitLength = length * 8;
  words[blocks * 16 - 2] = bitLength | 0;
  words[blocks * 16 - 1] = Math.floor(bitLength / 4294967296) | 0;
  return blocks;
}

/** The 64 steps of RFC 1321 section 3.4, unrolled; the constants are floor(2^32 · |sin(i + 1)|). Result in `state`. */
function digest(blocks: number): void {
  const w = words;
  let a0 = 0x67452301,
    b0 = 0xefcdab89 | 0,
    c0 = 0x98badcfe | 0,
    d0 = 0x10325476;
  for (let o = 0; o < blocks * 16; o += 16) {
    let a = a0,
      b = b0,
      c = c0,
      d = d0,
      t = 0;
    t = (a + ((b & c) | (~b & d)) + w[o + 0] + -0x28955b88) | 0;
    a = (((t << 7) | (t >>> 25)) + b) | 0;
    t = (d + ((a & b) | (~a & c)) + w[o + 1] + -0x173848aa) | 0;
    d = (((t << 12) | (t >>> 20)) + a) | 0;
    t = (c + ((d & a) | (~d & b)) + w[o + 2] + 0x242070db) | 0;
    c = (((t << 17) | (t >>> 15)) + d) | 0;
    t = (b + ((c & d) | (~c & a)) + w[o + 3] + -0x3e423112) | 0;
    b = (((t << 22) | (t >>> 10)) + c) | 0;
    t = (a + ((b & c) | (~b & d)) + w[o + 4] + -0x0a83f051) | 0;
    a = (((t << 7) | (t >>> 25)) + b) | 0;
    t = (d + ((a & b) | (~a & c)) + w[o + 5] + 0x4787c62a) | 0;
    d = (((t << 12) | (t >>> 20)) + a) | 0;
    t = (c + ((d & a) | (~d & b)) + w[o + 6] + -0x57cfb9ed) | 0;
    c = (((t << 17) | (t >>> 15)) + d) | 0;
    t = (b + ((c & d) | (~c & a)) + w[o + 7] + -0x02b96aff) | 0;
    b = (((t << 22) | (t >>> 10)) + c) | 0;
    t = (a + ((b & c) | (~b & d)) + w[o + 8] + 0x698098d8) | 0;
    a = (((t << 7) | (t >>> 25)) + b) | 0;
    t = (d + ((a & b) | (~a & c)) + w[o + 9] + -0x74bb0851) | 0;
    d = (((t << 12) | (t >>> 20)) + a) | 0;
    t = (c + ((d & a) | (~d & b)) + w[o + 10] + -0x0000a44f) | 0;
    c = (((t << 17) | (t >>> 15)) + d) | 0;
    t = (b + ((c & d) | (~c & a)) + w[o + 11] + -0x76a32842) | 0;
    b = (((t << 22) | (t >>> 10)) + c) | 0;
    t = (a + ((b & c) | (~b & d)) + w[o + 12] + 0x6b901122) | 0;
    a = (((t << 7) | (t >>> 25)) + b) | 0;
    t = (d + ((a & b) | (~a & c)) + w[o + 13] + -0x02678e6d) | 0;
    d = (((t << 12) | (t >>> 20)) + a) | 0;
    t = (c + ((d & a) | (~d & b)) + w[o + 14] + -0x5986bc72) | 0;
    c = (((t << 17) | (t >>> 15)) + d) | 0;
    t = (b + ((c & d) | (~c & a)) + w[o + 15] + 0x49b40821) | 0;
    b = (((t << 22) | (t >>> 10)) + c) | 0;
    t = (a + ((b & d) | (c & ~d)) + w[o + 1] + -0x09e1da9e) | 0;
    a = (((t << 5) | (t >>> 27)) + b) | 0;
    t = (d + ((a & c) | (b & ~c)) + w[o + 6] + -0x3fbf4cc0) | 0;
    d = (((t << 9) | (t >>> 23)) + a) | 0;
    t = (c + ((d & b) | (a & ~b)) + w[o + 11] + 0x265e5a51) | 0;
    c = (((t << 14) | (t >>> 18)) + d) | 0;
    t = (b + ((c & a) | (d & ~a)) + w[o + 0] + -0x16493856) | 0;
    b = (((t << 20) | (t >>> 12)) + c) | 0;
    t = (a + ((b & d) | (c & ~d)) + w[o + 5] + -0x29d0efa3) | 0;
    a = (((t << 5) | (t >>> 27)) + b) | 0;
    t = (d + ((a & c) | (b & ~c)) + w[o + 10] + 0x02441453) | 0;
    d = (((t << 9) | (t >>> 23)) + a) | 0;
    t = (c + ((d & b) | (a & ~b)) + w[o + 15] + -0x275e197f) | 0;
    c = (((t << 14) | (t >>> 18)) + d) | 0;
    t = (b + ((c & a) | (d & ~a)) + w[o + 4] + -0x182c0438) | 0;
    b = (((t << 20) | (t >>> 12)) + c) | 0;
    t = (a + ((b & d) | (c & ~d)) + w[o + 9] + 0x21e1cde6) | 0;
    a = (((t << 5) | (t >>> 27)) + b) | 0;
    t = (d + ((a & c) | (b & ~c)) + w[o + 14] + -0x3cc8f82a) | 0;
    d = (((t << 9) | (t >>> 23)) + a) | 0;
    t = (c + ((d & b) | (a & ~b)) + w[o + 3] + -0x0b2af279) | 0;
    c = (((t << 14) | (t >>> 18)) + d) | 0;
    t = (b + ((c & a) | (d & ~a)) + w[o + 8] + 0x455a14ed) | 0;
    b = (((t << 20) | (t >>> 12)) + c) | 0;
    t = (a + ((b & d) | (c & ~d)) + w[o + 13] + -0x561c16fb) | 0;
    a = (((t << 5) | (t >>> 27)) + b) | 0;
    t = (d + ((a & c) | (b & ~c)) + w[o + 2] + -0x03105c08) | 0;
    d = (((t << 9) | (t >>> 23)) + a) | 0;
    t = (c + ((d & b) | (a & ~b)) + w[o + 7] + 0x676f02d9) | 0;
    c = (((t << 14) | (t >>> 18)) + d) | 0;
    t = (b + ((c & a) | (d & ~a)) + w[o + 12] + -0x72d5b376) | 0;
    b = (((t << 20) | (t >>> 12)) + c) | 0;
    t = (a + (b ^ c ^ d) + w[o + 5] + -0x0005c6be) | 0;
    a = (((t << 4) | (t >>> 28)) + b) | 0;
    t = (d + (a ^ b ^ c) + w[o + 8] + -0x788e097f) | 0;
    d = (((t << 11) | (t >>> 21)) + a) | 0;
    t = (c + (d ^ a ^ b) + w[o + 11] + 0x6d9d6122) | 0;
    c = (((t << 16) | (t >>> 16)) + d) | 0;
    t = (b + (c ^ d ^ a) + w[o + 14] + -0x021ac7f4) | 0;
    b = (((t << 23) | (t >>> 9)) + c) | 0;
    t = (a + (b ^ c ^ d) + w[o + 1] + -0x5b4115bc) | 0;
    a = (((t << 4) | (t >>> 28)) + b) | 0;
    t = (d + (a ^ b ^ c) + w[o + 4] + 0x4bdecfa9) | 0;
    d = (((t << 11) | (t >>> 21)) + a) | 0;
    t = (c + (d ^ a ^ b) + w[o + 7] + -0x0944b4a0) | 0;
    c = (((t << 16) | (t >>> 16)) + d) | 0;
    t = (b + (c ^ d ^ a) + w[o + 10] + -0x41404390) | 0;
    b = (((t << 23) | (t >>> 9)) + c) | 0;
    t = (a + (b ^ c ^ d) + w[o + 13] + 0x289b7ec6) | 0;
    a = (((t << 4) | (t >>> 28)) + b) | 0;
    t = (d + (a ^ b ^ c) + w[o + 0] + -0x155ed806) | 0;
    d = (((t << 11) | (t >>> 21)) + a) | 0;
    t = (c + (d ^ a ^ b) + w[o + 3] + -0x2b10cf7b) | 0;
    c = (((t << 16) | (t >>> 16)) + d) | 0;
    t = (b + (c ^ d ^ a) + w[o + 6] + 0x04881d05) | 0;
    b = (((t << 23) | (t >>> 9)) + c) | 0;
    t = (a + (b ^ c ^ d) + w[o + 9] + -0x262b2fc7) | 0;
    a = (((t << 4) | (t >>> 28)) + b) | 0;
    t = (d + (a ^ b ^ c) + w[o + 12] + -0x1924661b) | 0;
    d = (((t << 11) | (t >>> 21)) + a) | 0;
    t = (c + (d ^ a ^ b) + w[o + 15] + 0x1fa27cf8) | 0;
    c = (((t << 16) | (t >>> 16)) + d) | 0;
    t = (b + (c ^ d ^ a) + w[o + 2] + -0x3b53a99b) | 0;
    b = (((t << 23) | (t >>> 9)) + c) | 0;
    t = (a + (c ^ (b | ~d)) + w[o + 0] + -0x0bd6ddbc) | 0;
    a = (((t << 6) | (t >>> 26)) + b) | 0;
    t = (d + (b ^ (a | ~c)) + w[o + 7] + 0x432aff97) | 0;
    d = (((t << 10) | (t >>> 22)) + a) | 0;
    t = (c + (a ^ (d | ~b)) + w[o + 14] + -0x546bdc59) | 0;
    c = (((t << 15) | (t >>> 17)) + d) | 0;
    t = (b + (d ^ (c | ~a)) + w[o + 5] + -0x036c5fc7) | 0;
    b = (((t << 21) | (t >>> 11)) + c) | 0;
    t = (a + (c ^ (b | ~d)) + w[o + 12] + 0x655b59c3) | 0;
    a = (((t << 6) | (t >>> 26)) + b) | 0;
    t = (d + (b ^ (a | ~c)) + w[o + 3] + -0x70f3336e) | 0;
    d = (((t << 10) | (t >>> 22)) + a) | 0;
    t = (c + (a ^ (d | ~b)) + w[o + 10] + -0x00100b83) | 0;
    c = (((t << 15) | (t >>> 17)) + d) | 0;
    t = (b + (d ^ (c | ~a)) + w[o + 1] + -0x7a7ba22f) | 0;
    b = (((t << 21) | (t >>> 11)) + c) | 0;
    t = (a + (c ^ (b | ~d)) + w[o + 8] + 0x6fa87e4f) | 0;
    a = (((t << 6) | (t >>> 26)) + b) | 0;
    t = (d + (b ^ (a | ~c)) + w[o + 15] + -0x01d31920) | 0;
    d = (((t << 10) | (t >>> 22)) + a) | 0;
    t = (c + (a ^ (d | ~b)) + w[o + 6] + -0x5cfebcec) | 0;
    c = (((t << 15) | (t >>> 17)) + d) | 0;
    t = (b + (d ^ (c | ~a)) + w[o + 13] + 0x4e0811a1) | 0;
    b = (((t << 21) | (t >>> 11)) + c) | 0;
    t = (a + (c ^ (b | ~d)) + w[o + 4] + -0x08ac817e) | 0;
    a = (((t << 6) | (t >>> 26)) + b) | 0;
    t = (d + (b ^ (a | ~c)) + w[o + 11] + -0x42c50dcb) | 0;
    d = (((t << 10) | (t >>> 22)) + a) | 0;
    t = (c + (a ^ (d | ~b)) + w[o + 2] + 0x2ad7d2bb) | 0;
    c = (((t << 15) | (t >>> 17)) + d) | 0;
    t = (b + (d ^ (c | ~a)) + w[o + 9] + -0x14792c6f) | 0;
    b = (((t << 21) | (t >>> 11)) + c) | 0;
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  state[0] = a0;
  state[1] = b0;
  state[2] = c0;
  state[3] = d0;
}

function hexWord(word: number): string {
  return HEX[word & 0xff] + HEX[(word >>> 8) & 0xff] + HEX[(word >>> 16) & 0xff] + HEX[word >>> 24];
}
