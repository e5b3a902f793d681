/**
 * The tagger's weight file: gzip of a small header, the sorted feature hashes, the emission weights
 * quantised to 16-bit integers with one scale, and the transition weights as 32-bit floats. Quantising
 * keeps the file at a few megabytes; the loss against the float weights is below the dev-score noise.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LinearChainWeights } from './linear-chain.ts';

const MAGIC = 0x3152454e; // "NER1", little-endian

export interface EncodedWeights {
  hashes: Uint32Array;
  /** hashes.length × tagCount, dequantised. */
  emissions: Float32Array;
  transitions: Float32Array;
  tagCount: number;
}

/** Encodes weights whose rows are given in `hashes` order. */
export function encodeWeights(
  hashes: Uint32Array,
  emissions: ArrayLike<number>,
  transitions: ArrayLike<number>,
  tagCount: number,
): Buffer {
  let maxAbs = 0;
  for (let i = 0; i < emissions.length; i++) maxAbs = Math.max(maxAbs, Math.abs(emissions[i] as number));
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const header = new Uint32Array([MAGIC, hashes.length, tagCount, transitions.length]);
  const scaleBytes = new Float32Array([scale]);
  const quantised = new Int16Array(emissions.length);
  for (let i = 0; i < emissions.length; i++) quantised[i] = Math.round((emissions[i] as number) / scale);
  const parts = [header, scaleBytes, hashes, Float32Array.from(transitions), quantised].map((a) =>
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
  );
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

export function decodeWeights(file: Buffer): EncodedWeights {
  const raw = gunzipSync(file);
  const bytes = new Uint8Array(raw.byteLength);
  bytes.set(raw);
  const header = new Uint32Array(bytes.buffer, 0, 4);
  if (header[0] !== MAGIC) throw new Error('not a tagger weight file');
  const rows = header[1] as number;
  const tagCount = header[2] as number;
  const transitionCount = header[3] as number;
  let offset = 16;
  const scale = new Float32Array(bytes.buffer, offset, 1)[0] as number;
  offset += 4;
  const hashes = new Uint32Array(bytes.buffer, offset, rows);
  offset += rows * 4;
  const transitions = new Float32Array(bytes.buffer, offset, transitionCount);
  offset += transitionCount * 4;
  const quantised = new Int16Array(bytes.buffer, offset, rows * tagCount);
  const emissions = new Float32Array(rows * tagCount);
  for (let i = 0; i < quantised.length; i++) emissions[i] = (quantised[i] as number) * scale;
  return { hashes, emissions, transitions, tagCount };
}

/**
 * Feature hash → row, as an open-addressing table in typed arrays: several times faster than a Map on
 * the tagger's hot path and a fraction of its memory.
 */
export class FeatureTable {
  private readonly keys: Uint32Array;
  /** row + 1; 0 marks an empty slot. */
  private readonly values: Int32Array;
  private readonly mask: number;

  constructor(hashes: Uint32Array) {
    let capacity = 1;
    while (capacity < hashes.length * 2) capacity <<= 1;
    this.keys = new Uint32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let row = 0; row < hashes.length; row++) {
      const hash = hashes[row] as number;
      let slot = hash & this.mask;
      while (this.values[slot] !== 0) slot = (slot + 1) & this.mask;
      this.keys[slot] = hash;
      this.values[slot] = row + 1;
    }
  }

  get(hash: number): number | undefined {
    let slot = hash & this.mask;
    for (;;) {
      const value = this.values[slot] as number;
      if (value === 0) return undefined;
      if (this.keys[slot] === hash) return value - 1;
      slot = (slot + 1) & this.mask;
    }
  }
}

export function weightsOf(decoded: EncodedWeights): LinearChainWeights {
  return {
    rows: new FeatureTable(decoded.hashes),
    emissions: decoded.emissions,
    transitions: decoded.transitions,
  };
}
