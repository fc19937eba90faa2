/**
 * The model of an executable file as Defender reports it: PE version info, size, content hashes and
 * the code-signing certificate. Benign catalog entries live in catalog.ts; planted RMM binaries are
 * built from the RMM facts in rmm-profiles.ts. Both go through `defineBinary`, so a binary's hashes
 * and certificate are the same wherever it appears.
 */
import { parseDatetime } from '../../kql/engine.js';
import { digestHex } from './ids.js';

export type SignerType = 'OsVendor' | 'Microsoft' | 'ThirdParty';

export interface Certificate {
  readonly signer: string;
  readonly issuer: string;
  readonly signerHash: string;
  readonly issuerHash: string;
  readonly serial: string;
  readonly crlUrls: string;
  readonly created: bigint;
  readonly expires: bigint;
  readonly rootMicrosoft: boolean;
}

export interface Binary {
  readonly fileName: string;
  /** Folder without trailing backslash; `{user}` stands for the profile folder name. */
  readonly folder: string;
  readonly company: string;
  readonly product: string;
  readonly version: string;
  readonly description: string;
  readonly originalName: string;
  readonly internalName: string;
  readonly size: number;
  readonly sha1: string;
  readonly sha256: string;
  readonly md5: string;
  readonly signerType: SignerType;
  readonly cert: Certificate;
}

export interface BinarySpec {
  readonly fileName: string;
  readonly folder: string;
  readonly company: string;
  readonly product: string;
  readonly version: string;
  readonly description: string;
  readonly originalName?: string;
  readonly internalName?: string;
  readonly size: number;
  readonly signer: SignerSpec;
  /** Distinguishes two builds with the same name and version (e.g. a trojanised copy). */
  readonly variant?: string;
}

export interface SignerSpec {
  readonly signer: string;
  readonly issuer: string;
  readonly signerType: SignerType;
  readonly crlUrl: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly rootMicrosoft: boolean;
}

function ticks(iso: string): bigint {
  const t = parseDatetime(iso);
  if (t === null) throw new Error(`bad certificate date ${iso}`);
  return t;
}

const certCache = new Map<string, Certificate>();

/** One certificate per signer spec: every binary a vendor signs shares it, as in real PKI. */
export function certificateFor(spec: SignerSpec): Certificate {
  const key = `${spec.signer}|${spec.issuer}|${spec.validFrom}`;
  const hit = certCache.get(key);
  if (hit) return hit;
  const cert: Certificate = {
    signer: spec.signer,
    issuer: spec.issuer,
    signerHash: digestHex('sha1', `signer:${key}`),
    issuerHash: digestHex('sha1', `issuer:${spec.issuer}`),
    serial: digestHex('md5', `serial:${key}`).slice(0, 32),
    crlUrls: spec.crlUrl,
    created: ticks(spec.validFrom),
    expires: ticks(spec.validTo),
    rootMicrosoft: spec.rootMicrosoft,
  };
  certCache.set(key, cert);
  return cert;
}

export function defineBinary(spec: BinarySpec): Binary {
  const identity = `${spec.company}|${spec.fileName}|${spec.version}|${spec.variant ?? ''}`;
  const stem = spec.fileName.replace(/\.[^.]+$/, '');
  return {
    fileName: spec.fileName,
    folder: spec.folder,
    company: spec.company,
    product: spec.product,
    version: spec.version,
    description: spec.description,
    originalName: spec.originalName ?? spec.fileName,
    internalName: spec.internalName ?? stem,
    size: spec.size,
    sha1: digestHex('sha1', identity),
    sha256: digestHex('sha256', identity),
    md5: digestHex('md5', identity),
    signerType: spec.signer.signerType,
    cert: certificateFor(spec.signer),
  };
}

/** Full path of a binary for a user profile folder name. */
export function binaryFolder(bin: Binary, profile: string): string {
  return bin.folder.replace('{user}', profile);
}
