/**
 * Known value shapes: whether a value can ever occur in a field of a given shape. Used by the
 * safety analysis to find comparisons that can never match, e.g. `process.parent_process_name ==
 * "task scheduler"` — Defender records image file names with their extension ("svchost.exe"), so a
 * display name without one is never a FileName.
 */
import type { CompareOp, ExclusionValue } from './ast.js';
import type { ValueShape } from './fields.js';

const EXTENSION = /\.[A-Za-z0-9_~-]{1,12}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:]+(%\w+)?$/;
const HEX_LENGTH: Partial<Record<ValueShape, number>> = { sha256: 64, sha1: 40, md5: 32 };

/** Why an equality value can never be a whole value of this shape; undefined when it can. */
function wholeValueProblem(shape: ValueShape, v: string): string | undefined {
  switch (shape) {
    case 'file-name':
      if (/[\\/]/.test(v)) return `"${v}" is a path, but the field holds only a file name`;
      if (!EXTENSION.test(v))
        return `"${v}" has no file extension, but Defender records image and file names with one (e.g. "svchost.exe"); it looks like a display name, not a file name`;
      return undefined;
    case 'path':
      return /[\\/]/.test(v) ? undefined : `"${v}" has no folder separator, but the field holds a full path`;
    case 'ip':
      return IPV4.test(v) || (v.includes(':') && IPV6.test(v)) ? undefined : `"${v}" is not an IP address`;
    case 'port': {
      const n = Number(v);
      return Number.isInteger(n) && n >= 0 && n <= 65535 ? undefined : `${v} is not a port number (0–65535)`;
    }
    case 'sha256':
    case 'sha1':
    case 'md5': {
      const len = HEX_LENGTH[shape] as number;
      return new RegExp(`^[0-9A-Fa-f]{${len}}$`).test(v)
        ? undefined
        : `"${v}" is not a ${shape.toUpperCase()} (${len} hex digits)`;
    }
    case 'domain':
      return /\s/.test(v) ? `"${v}" contains whitespace, which no host name or URL has` : undefined;
    case 'command-line':
    case 'account':
    case 'host':
    case 'pe-metadata':
    case 'signer':
    case 'registry-key':
    case 'text':
      return undefined;
    default: {
      const never: never = shape;
      return never;
    }
  }
}

/** Why a prefix/suffix/substring can never occur in a value of this shape. */
function partProblem(shape: ValueShape, op: CompareOp, v: string): string | undefined {
  if (shape === 'file-name' && /[\\/]/.test(v))
    return `"${v}" contains a folder separator, but the field holds only a file name`;
  if (shape === 'port' || shape === 'ip') return undefined;
  if ((shape === 'sha256' || shape === 'sha1' || shape === 'md5') && !/^[0-9A-Fa-f]*$/.test(v))
    return `"${v}" is not hexadecimal, but the field holds a hash`;
  if (op === 'endswith' && shape === 'file-name' && v.includes('.') && !EXTENSION.test(v))
    return `"${v}" does not end in a file extension, but file names do`;
  return undefined;
}

/**
 * Why `field <op> value` can never be true for a field of this shape (the positive form: `==`,
 * `in` item, `contains`, `startswith`, `endswith`); undefined when it can.
 */
export function neverMatchReason(shape: ValueShape, op: CompareOp | 'in', value: ExclusionValue): string | undefined {
  const v = value.kind === 'string' ? value.value : String(value.value);
  switch (op) {
    case '==':
    case '!=':
    case 'in':
      return wholeValueProblem(shape, v);
    case 'contains':
    case 'startswith':
    case 'endswith':
      return partProblem(shape, op, v);
    case 'matches regex':
      return undefined;
    default: {
      const never: never = op;
      return never;
    }
  }
}

/** True when the comparison matches every value (an empty substring, prefix or suffix). */
export function matchesEverything(op: CompareOp | 'in', value: ExclusionValue): boolean {
  return (
    (op === 'contains' || op === 'startswith' || op === 'endswith') && value.kind === 'string' && value.value === ''
  );
}
