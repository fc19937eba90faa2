/**
 * S2 cell ids, written from the S2 geometry definitions: the sphere is projected onto the six
 * faces of a cube; face coordinates (u, v) are warped quadratically to (s, t) in [0, 1] for more
 * uniform cell areas, discretised to 30-bit (i, j), and ordered along a Hilbert curve per face.
 * A cell id is a 64-bit integer (BigInt here): 3 face bits, 2 bits per level, then a marker bit.
 * Tokens are the id in hex without trailing zeros. Kusto accepts levels 0..30 (default 11).
 */
import { type LonLat, normalize, toLonLat, toVec, type Vec3 } from './sphere.js';

export const S2_MAX_LEVEL = 30;
const MAX_SIZE = 1 << 30;
const SWAP = 1;
const INVERT = 2;

/** Hilbert sub-cell position for (orientation, i-bit·2 + j-bit), and the inverse table. */
const IJ_TO_POS: readonly (readonly number[])[] = [
  [0, 1, 3, 2],
  [0, 3, 1, 2],
  [2, 3, 1, 0],
  [2, 1, 3, 0],
];
const POS_TO_IJ: readonly (readonly number[])[] = [
  [0, 1, 3, 2],
  [0, 2, 3, 1],
  [3, 2, 0, 1],
  [3, 1, 0, 2],
];
/** How the orientation changes when descending into each sub-cell position. */
const POS_TO_ORIENTATION: readonly number[] = [SWAP, 0, 0, INVERT | SWAP];

function faceOf(p: Vec3): number {
  const ax = Math.abs(p[0]);
  const ay = Math.abs(p[1]);
  const az = Math.abs(p[2]);
  const axis = ax >= ay && ax >= az ? 0 : ay >= az ? 1 : 2;
  return p[axis] < 0 ? axis + 3 : axis;
}

function faceUV(face: number, p: Vec3): [number, number] {
  const [x, y, z] = p;
  switch (face) {
    case 0:
      return [y / x, z / x];
    case 1:
      return [-x / y, z / y];
    case 2:
      return [-x / z, -y / z];
    case 3:
      return [z / x, y / x];
    case 4:
      return [z / y, -x / y];
    default:
      return [-y / z, -x / z];
  }
}

function uvToXYZ(face: number, u: number, v: number): Vec3 {
  switch (face) {
    case 0:
      return [1, u, v];
    case 1:
      return [-u, 1, v];
    case 2:
      return [-u, -v, 1];
    case 3:
      return [-1, -v, -u];
    case 4:
      return [v, -1, -u];
    default:
      return [v, u, -1];
  }
}

const uvToST = (u: number) => (u >= 0 ? 0.5 * Math.sqrt(1 + 3 * u) : 1 - 0.5 * Math.sqrt(1 - 3 * u));
const stToUV = (s: number) => (s >= 0.5 ? (4 * s * s - 1) / 3 : (1 - 4 * (1 - s) * (1 - s)) / 3);
const stToIJ = (s: number) => Math.max(0, Math.min(MAX_SIZE - 1, Math.floor(MAX_SIZE * s)));

/** The leaf cell id of face cell coordinates (i, j), walking the Hilbert curve from the top. */
function fromFaceIJ(face: number, i: number, j: number): bigint {
  let orientation = face & SWAP;
  let pos = 0n;
  for (let level = 29; level >= 0; level--) {
    const ij = (((i >> level) & 1) << 1) | ((j >> level) & 1);
    const p = IJ_TO_POS[orientation]?.[ij] as number;
    pos = (pos << 2n) | BigInt(p);
    orientation ^= POS_TO_ORIENTATION[p] as number;
  }
  return (BigInt(face) << 61n) | (pos << 1n) | 1n;
}

const lsb = (id: bigint) => id & -id;
const lsbForLevel = (level: number) => 1n << BigInt(2 * (S2_MAX_LEVEL - level));

export function cellLevel(id: bigint): number {
  let l = S2_MAX_LEVEL;
  let b = lsb(id);
  while (b > 1n) {
    b >>= 2n;
    l--;
  }
  return l;
}

export function cellParent(id: bigint, level: number): bigint {
  const newLsb = lsbForLevel(level);
  return (id & -newLsb) | newLsb;
}

export function cellFromLonLat(p: LonLat, level: number): bigint {
  const v = toVec(p);
  const face = faceOf(v);
  const [u, w] = faceUV(face, v);
  return cellParent(fromFaceIJ(face, stToIJ(uvToST(u)), stToIJ(uvToST(w))), level);
}

/** Face, (i, j) of the cell's lower-left leaf, and the cell size in leaf units. */
function toFaceIJ(id: bigint): { face: number; i: number; j: number; size: number } {
  const face = Number(id >> 61n);
  let orientation = face & SWAP;
  let i = 0;
  let j = 0;
  for (let level = 29; level >= 0; level--) {
    const p = Number((id >> BigInt(2 * level + 1)) & 3n);
    const ij = POS_TO_IJ[orientation]?.[p] as number;
    i |= (ij >> 1) << level;
    j |= (ij & 1) << level;
    orientation ^= POS_TO_ORIENTATION[p] as number;
  }
  const size = 1 << (S2_MAX_LEVEL - cellLevel(id));
  return { face, i: i & -size, j: j & -size, size };
}

function ijToLonLat(face: number, si: number, ti: number): LonLat {
  const u = stToUV(si / MAX_SIZE);
  const v = stToUV(ti / MAX_SIZE);
  return toLonLat(normalize(uvToXYZ(face, u, v)));
}

export function cellCenter(id: bigint): LonLat {
  const { face, i, j, size } = toFaceIJ(id);
  return ijToLonLat(face, i + size / 2, j + size / 2);
}

/** The four corners counter-clockwise from (u-low, v-low), closed. */
export function cellRing(id: bigint): LonLat[] {
  const { face, i, j, size } = toFaceIJ(id);
  const corners: LonLat[] = [
    ijToLonLat(face, i, j),
    ijToLonLat(face, i + size, j),
    ijToLonLat(face, i + size, j + size),
    ijToLonLat(face, i, j + size),
  ];
  return [...corners, corners[0] as LonLat];
}

export function cellToken(id: bigint): string {
  if (id === 0n) return 'X';
  return id.toString(16).padStart(16, '0').replace(/0+$/, '');
}

/** A cell id from its token, or undefined when the token is not a valid cell. */
export function cellFromToken(token: string): bigint | undefined {
  if (token.length === 0 || token.length > 16 || !/^[0-9a-fA-F]+$/.test(token)) return undefined;
  const id = BigInt(`0x${token.padEnd(16, '0')}`);
  if (id === 0n || id >> 61n > 5n || (lsb(id) & 0x1555555555555555n) === 0n) return undefined;
  return id;
}

/** The leaf cell at (i, j) on `face`, or across the face edge when (i, j) lies just outside. */
function fromFaceIJWrap(face: number, i: number, j: number): bigint {
  if (i >= 0 && j >= 0 && i < MAX_SIZE && j < MAX_SIZE) return fromFaceIJ(face, i, j);
  const ci = Math.max(-1, Math.min(MAX_SIZE, i));
  const cj = Math.max(-1, Math.min(MAX_SIZE, j));
  const limit = 1 + Number.EPSILON;
  const u = Math.max(-limit, Math.min(limit, (2 * (ci - MAX_SIZE / 2) + 1) / MAX_SIZE));
  const v = Math.max(-limit, Math.min(limit, (2 * (cj - MAX_SIZE / 2) + 1) / MAX_SIZE));
  const p = uvToXYZ(face, u, v);
  const nFace = faceOf(p);
  const [nu, nv] = faceUV(nFace, p);
  return fromFaceIJ(nFace, stToIJ(0.5 * (nu + 1)), stToIJ(0.5 * (nv + 1)));
}

/** The 8 cells around a cell at its level, in S2's order (diagonals and sides by rows). */
export function cellNeighbors(id: bigint): bigint[] {
  const level = cellLevel(id);
  const { face, i, j, size } = toFaceIJ(id);
  const out: bigint[] = [];
  const push = (ni: number, nj: number) => {
    const c = cellParent(fromFaceIJWrap(face, ni, nj), level);
    if (c !== id && !out.includes(c)) out.push(c);
  };
  for (let k = -size; ; k += size) {
    if (k >= 0 && k < size) {
      push(i + k, j - size);
      push(i + k, j + size);
    }
    push(i - size, j + k);
    push(i + size, j + k);
    if (k >= size) break;
  }
  return out;
}
