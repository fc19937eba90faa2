/**
 * What a web hunt runs on: the data the server was started with, a demo fleet of a chosen size
 * and seed, a file or folder on the server's machine under an allowed root (the `--data` paths and
 * `serve --data-root` folders, checked after symlinks and `..` are resolved), or telemetry files
 * uploaded with the form (kept in a temporary folder the server owns, deleted when the hunt that
 * reads them is over). Every refusal is one sentence a person can act on.
 */
import { createWriteStream, realpathSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DEMO_FLEET, type DemoFleetSpec } from '../hunts/session.js';
import type { DataKind } from '../store/types.js';
import { TELEMETRY_EXTENSIONS } from '../telemetry/detect.js';

/** Bounds of the demo fleet a web hunt may ask for (generation takes ~1 s per 10,000 events). */
export const DEMO_BOUNDS = { minDevices: 5, maxDevices: 100, minEvents: 2_000, maxEvents: 100_000 } as const;
/** Default largest upload (all files of one hunt together), in bytes. */
export const DEFAULT_UPLOAD_LIMIT = 64 * 1024 * 1024;
/** Most files in one upload. */
export const MAX_UPLOAD_FILES = 20;

export type DataChoice =
  | { readonly kind: 'server' }
  | { readonly kind: 'demo'; readonly fleet: DemoFleetSpec }
  | { readonly kind: 'path'; readonly path: string; readonly shown: string }
  | {
      readonly kind: 'upload';
      readonly dir: string;
      /** Stored path → the name it was sent with. */
      readonly files: ReadonlyMap<string, string>;
      readonly bytes: number;
      readonly rejected: readonly RejectedFile[];
    };

export interface RejectedFile {
  readonly file: string;
  readonly reason: string;
}

/** A refusal of the chosen data, with the HTTP status to answer with. */
export class DataChoiceError extends Error {
  override readonly name = 'DataChoiceError';
  constructor(
    message: string,
    readonly status: number = 400,
    readonly rejected: readonly RejectedFile[] = [],
  ) {
    super(message);
  }
}

/** The label a run on this data carries, and the kind recorded with it. */
export function choiceLabel(c: Exclude<DataChoice, { kind: 'server' }>): { kind: DataKind; text: string } {
  switch (c.kind) {
    case 'demo':
      return {
        kind: 'demo',
        text: `demo fleet (${c.fleet.devices} devices, ${c.fleet.events} events, seed ${c.fleet.seed})`,
      };
    case 'path':
      return { kind: 'files', text: c.shown };
    case 'upload': {
      const names = [...c.files.values()];
      const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
      return { kind: 'upload', text: `upload: ${shown}` };
    }
    default: {
      const never: never = c;
      return never;
    }
  }
}

/** The demo fleet the form asks for; bounds are enforced, not clamped silently. */
export function demoChoice(devicesText: unknown, eventsText: unknown, seedText: unknown): DataChoice {
  const int = (v: unknown, fallback: number) =>
    typeof v === 'string' && v.trim() !== '' ? (/^\d{1,7}$/.test(v.trim()) ? Number(v.trim()) : Number.NaN) : fallback;
  const devices = int(devicesText, DEMO_FLEET.devices);
  const events = int(eventsText, DEMO_FLEET.events);
  const seed = typeof seedText === 'string' && seedText.trim() !== '' ? seedText.trim() : DEMO_FLEET.seed;
  const b = DEMO_BOUNDS;
  if (!(devices >= b.minDevices && devices <= b.maxDevices))
    throw new DataChoiceError(`The demo fleet needs ${b.minDevices} to ${b.maxDevices} devices.`);
  if (!(events >= b.minEvents && events <= b.maxEvents))
    throw new DataChoiceError(`The demo fleet needs ${b.minEvents} to ${b.maxEvents} events.`);
  if (!/^[A-Za-z0-9._-]{1,40}$/.test(seed))
    throw new DataChoiceError('The demo seed is 1 to 40 letters, digits, dots, dashes or underscores.');
  return { kind: 'demo', fleet: { devices, events, days: DEMO_FLEET.days, seed } };
}

/**
 * The folders and files web hunts may read: each given path with symlinks resolved. Paths that do
 * not exist are left out (and reported by `serve` at start).
 */
export function resolveRoots(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let real: string | undefined;
    try {
      real = realpathSync(resolve(p));
    } catch {
      real = undefined;
    }
    if (real !== undefined && !out.includes(real)) out.push(real);
  }
  return out;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * A path typed into the form, checked against the roots: absolute, existing, and — after `..` and
 * symlinks are resolved — the root itself or under it. Directories are walked by the loader, which
 * skips symlinks inside them, so nothing outside the roots is read.
 */
export async function pathChoice(roots: readonly string[], typed: unknown): Promise<DataChoice> {
  const text = typeof typed === 'string' ? typed.trim() : '';
  if (roots.length === 0)
    throw new DataChoiceError(
      'This server allows no data folders: start it with --data PATH or --data-root DIR to hunt files on its machine.',
      403,
    );
  if (text === '') throw new DataChoiceError('Type the path of a data file or folder.');
  if (text.length > 4096 || text.includes('\0')) throw new DataChoiceError('That path is not valid.');
  if (!isAbsolute(text)) throw new DataChoiceError(`Give an absolute path (under ${roots.join(' or ')}).`);
  // Existence is only reported for paths under a root, so the form cannot probe the rest of the disk.
  const lexicallyInside = roots.some((r) => inside(r, resolve(text)));
  const real = await realpath(text).catch((e: NodeJS.ErrnoException) => e);
  if (real instanceof Error) {
    if (!lexicallyInside) throw outside(text, roots);
    throw new DataChoiceError(
      real.code === 'ENOENT' ? `${text} does not exist.` : `${text} cannot be read (${real.code ?? 'error'}).`,
      real.code === 'ENOENT' ? 404 : 400,
    );
  }
  if (!roots.some((r) => inside(r, real))) throw outside(text, roots);
  return { kind: 'path', path: real, shown: real };
}

function outside(text: string, roots: readonly string[]): DataChoiceError {
  return new DataChoiceError(
    `${text} is outside the folders this server may read (${roots.join(', ')}); add one with serve --data-root.`,
    403,
  );
}

/** The server's folder for uploads (created on first use, removed when the server closes). */
export class UploadArea {
  private root: string | undefined;
  private readonly live = new Set<string>();

  /** A fresh folder for one upload. */
  async newFolder(): Promise<string> {
    this.root ??= await mkdtemp(join(tmpdir(), 'kqlhunt-uploads-'));
    const dir = await mkdtemp(join(this.root, 'u-'));
    this.live.add(dir);
    return dir;
  }

  /** Deletes one upload's folder (its hunt is over, or the upload was refused). */
  async release(dir: string): Promise<void> {
    if (!this.live.delete(dir)) return;
    await rm(dir, { recursive: true, force: true });
  }

  /** Folders that still hold files (tests check that finished hunts left none). */
  get held(): readonly string[] {
    return [...this.live];
  }

  async close(): Promise<void> {
    this.live.clear();
    if (this.root) await rm(this.root, { recursive: true, force: true });
    this.root = undefined;
  }
}

/**
 * Where a sent file is stored: a numbered folder (two files may share a name) holding the last path
 * segment with odd characters replaced; the name is kept because it can name the table
 * (`DeviceProcessEvents.ndjson`).
 */
function storedName(sent: string, index: number): string {
  const base = basename(sent.replace(/\\/g, '/'))
    .replace(/[^A-Za-z0-9._()-]+/g, '_')
    .slice(-120);
  return join(String(index).padStart(2, '0'), base.replace(/^\.+/, '') || 'file');
}

/** Bytes as people read them (KiB/MiB). */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(bytes >= 10 * 1024 * 1024 ? 0 : 1)} MiB`
    : bytes >= 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${bytes} bytes`;
}

/** A file part of the upload, as @fastify/multipart yields it. */
export interface UploadPart {
  readonly filename: string;
  readonly file: NodeJS.ReadableStream & { truncated?: boolean; resume(): unknown };
}

/**
 * Receives the upload's files into `dir`: telemetry extensions only (others are drained and
 * reported), empty files reported, the total held to `limit` bytes (DataChoiceError 413 past it).
 */
export class UploadReceiver {
  private readonly files = new Map<string, string>();
  private readonly rejected: RejectedFile[] = [];
  private bytes = 0;
  private count = 0;

  constructor(
    private readonly dir: string,
    private readonly limit: number,
  ) {}

  async accept(part: UploadPart): Promise<void> {
    const sent = part.filename || '(unnamed)';
    if (part.filename === '') {
      // A file input left empty still sends a part with no name and no bytes.
      part.file.resume();
      return;
    }
    this.count++;
    if (this.count > MAX_UPLOAD_FILES) {
      part.file.resume();
      this.rejected.push({ file: sent, reason: `more than ${MAX_UPLOAD_FILES} files in one upload` });
      return;
    }
    if (!TELEMETRY_EXTENSIONS.test(sent)) {
      part.file.resume();
      this.rejected.push({
        file: sent,
        reason: 'not a telemetry file (.ndjson .jsonl .json .csv .evtx, optionally .gz)',
      });
      return;
    }
    const path = join(this.dir, storedName(sent, this.count));
    await mkdir(dirname(path), { recursive: true });
    const left = this.limit - this.bytes;
    let size = 0;
    const counter = async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        size += chunk.length;
        if (size > left) throw new DataChoiceError('tooLarge', 413);
        yield chunk;
      }
    };
    try {
      await pipeline(part.file as AsyncIterable<Buffer>, counter, createWriteStream(path));
    } catch (e) {
      const tooLarge =
        (e instanceof DataChoiceError && e.status === 413) || (e as { statusCode?: number }).statusCode === 413;
      if (tooLarge)
        throw new DataChoiceError(
          `The upload is larger than this server accepts (${sizeText(this.limit)} in all); ${sent} went past it.`,
          413,
          this.rejected,
        );
      throw e;
    }
    if (part.file.truncated)
      throw new DataChoiceError(
        `The upload is larger than this server accepts (${sizeText(this.limit)} in all); ${sent} went past it.`,
        413,
        this.rejected,
      );
    this.bytes += size;
    const written = await stat(path);
    if (written.size === 0) {
      this.rejected.push({ file: sent, reason: 'the file is empty' });
      await rm(path, { force: true });
      return;
    }
    this.files.set(path, sent);
  }

  /** The upload as a data choice; refused when no file is usable. */
  result(): DataChoice {
    if (this.files.size === 0)
      throw new DataChoiceError(
        this.rejected.length > 0
          ? `No file of the upload can be loaded: ${this.rejected.map((r) => `${r.file} (${r.reason})`).join('; ')}.`
          : 'Choose one or more telemetry files to upload.',
        400,
        this.rejected,
      );
    return {
      kind: 'upload',
      dir: this.dir,
      files: new Map(this.files),
      bytes: this.bytes,
      rejected: [...this.rejected],
    };
  }
}
