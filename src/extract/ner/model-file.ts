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

export function weightsOf(decoded: EncodedWeights): LinearChainWeights {
  const rows = new Map<number, number>();
  for (let row = 0; row < decoded.hashes.length; row++) rows.set(decoded.hashes[row] as number, row);
  return { rows, emissions: decoded.emissions, transitions: decoded.transitions };
}
