/**
 * Small helpers for writing library entries as data: a compact spec with defaults (arity from the
 * parameter list, a type-independent implementation) and the error type `compile` throws for bad
 * constant arguments.
 */
import type { KqlValue, ScalarType } from '../types.js';
import type { CompileContext, FunctionCategory, ParamKind, ScalarFunction, ScalarImpl } from './types.js';

/**
 * Thrown by `compile` when a constant argument is unusable (an invalid regex, an unknown
 * datetime part). The executor reports it as KQL604 with this message; the binder can report it
 * earlier through `validateCall` in index.ts, which runs the same checks without throwing.
 */
export class LibraryError extends Error {
  override readonly name = 'LibraryError';
}

export type ReturnRule = ScalarFunction['returns'];
export type ConstArgs = readonly (KqlValue | undefined)[];
export type Compile = (argTypes: readonly ScalarType[], constArgs: ConstArgs, ctx: CompileContext) => ScalarImpl;

/** A library entry plus an optional check of its constant arguments (see validateCall). */
export interface LibScalarFunction extends ScalarFunction {
  readonly validate?: (argTypes: readonly ScalarType[], constArgs: ConstArgs) => string | undefined;
}

/** What an entry file writes; `category` comes from the file. */
export interface Spec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly doc: string;
  readonly params: readonly ParamKind[];
  /** Defaults to params.length. */
  readonly min?: number;
  /** Defaults to params.length; Infinity for variadic functions. */
  readonly max?: number;
  readonly returns: ReturnRule;
  readonly constArgs?: readonly number[];
  readonly flags?: ScalarFunction['flags'];
  readonly outputs?: ScalarFunction['outputs'];
  /** Either a fixed implementation or a compiler specialising on types/constants. */
  readonly impl?: ScalarImpl;
  readonly compile?: Compile;
  readonly validate?: LibScalarFunction['validate'];
}

const notCompilable: Compile = () => {
  throw new LibraryError('this function is evaluated by the executor, not compiled');
};

/** Turns specs into entries of one category. */
export function defineAll(category: FunctionCategory, specs: readonly Spec[]): LibScalarFunction[] {
  return specs.map((s) => {
    const impl = s.impl;
    const compile: Compile = s.compile ?? (impl ? () => impl : notCompilable);
    const entry: LibScalarFunction = {
      name: s.name,
      category,
      doc: s.doc,
      minArgs: s.min ?? s.params.length,
      maxArgs: s.max ?? s.params.length,
      params: s.params,
      returns: s.returns,
      compile,
      ...(s.aliases ? { aliases: s.aliases } : {}),
      ...(s.constArgs ? { constArgs: s.constArgs } : {}),
      ...(s.flags ? { flags: s.flags } : {}),
      ...(s.outputs ? { outputs: s.outputs } : {}),
      ...(s.validate ? { validate: s.validate } : {}),
    };
    return entry;
  });
}

/** Return rule: the type of argument `i` (bin → its first argument's type). */
export const typeOfArg =
  (i: number, fallback: ScalarType = 'dynamic'): ReturnRule =>
  (argTypes) =>
    argTypes[i] ?? fallback;

/** Runs a validator and converts its message into a LibraryError (for use inside compile). */
export function check(message: string | undefined): void {
  if (message !== undefined) throw new LibraryError(message);
}
