/**
 * MD5 (RFC 1321) of a string's UTF-8 bytes, as 32 lowercase hex digits. Core cannot use node:crypto,
 * and the NAS-Bench-101 fingerprint is defined over MD5, so it is implemented here. The fingerprint
 * hashes about sixty short ASCII strings per cell, so the ASCII path packs bytes straight into words.
 */

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const utf8 = new TextEncoder();

let words = new Int32Array(64);

export function md5Hex(text: string): string {
  let ascii = true;
  for (let i = 0; i < text.length && ascii; i++) ascii = text.charCodeAt(i) < 0x80;
  if (!ascii) return md5Bytes(utf8.encode(text));
  const blocks = prepare(text.length);
  for (let i = 0; i < text.length; i++) words[i >> 2] |= text.charCodeAt(i) << ((i & 3) << 3);
  return digest(blocks);
}

export function md5Bytes(message: Uint8Array): string {
  const blocks = prepare(message.length);
  for (let i = 0; i < message.length; i++) words[i >> 2] |= message[i] << ((i & 3) << 3);
  return digest(blocks);
}

/** Zeroes the word buffer for a message of `length` bytes and writes the padding; returns the number of 64-byte blocks. */
function prepare(length: number): number {
  const blocks = ((length + 8) >>> 6) + 1;
  if (words.length < blocks * 16) words = new Int32Array(blocks * 16);
  words.fill(0, 0, blocks * 16);
  words[length >> 2] |= 0x80 << ((length & 3) << 3);
  const bitLength = length * 8;
  words[blocks * 16 - 2] = bitLength | 0;
  words[blocks * 16 - 1] = Math.floor(bitLength / 4294967296) | 0;
  return blocks;
}

/** The 64 steps of RFC 1321 section 3.4, unrolled; the constants are floor(2^32 · |sin(i + 1)|). */
function digest(blocks: number): string {
  const w = words;
  let a0 = 0x67452301, b0 = 0xefcdab89 | 0, c0 = 0x98badcfe | 0, d0 = 0x10325476;
  for (let o = 0; o < blocks * 16; o += 16) {
    let a = a0, b = b0, c = c0, d = d0, t = 0;
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
  return hexWord(a0) + hexWord(b0) + hexWord(c0) + hexWord(d0);
}

function hexWord(word: number): string {
  return HEX[word & 0xff] + HEX[(word >>> 8) & 0xff] + HEX[(word >>> 16) & 0xff] + HEX[word >>> 24];
}
