/**
 * The slice of better-sqlite3's API the store uses (the package ships no type declarations and
 * @types/better-sqlite3 is not installed). Kept minimal on purpose: widen it when the store needs more.
 */
declare module 'better-sqlite3' {
  class Database {
    constructor(filename: string, options?: Database.Options);
    readonly name: string;
    readonly open: boolean;
    readonly inTransaction: boolean;
    prepare(sql: string): Database.Statement;
    exec(sql: string): this;
    pragma(source: string, options?: { simple?: boolean }): unknown;
    transaction<F extends (...args: never[]) => unknown>(fn: F): Database.Transaction<F>;
    close(): this;
  }
  namespace Database {
    interface RunResult {
      readonly changes: number;
      readonly lastInsertRowid: number | bigint;
    }
    interface Statement {
      run(...params: unknown[]): RunResult;
      get(...params: unknown[]): unknown;
      all(...params: unknown[]): unknown[];
    }
    interface Transaction<F extends (...args: never[]) => unknown> {
      (...args: Parameters<F>): ReturnType<F>;
      immediate(...args: Parameters<F>): ReturnType<F>;
    }
    interface Options {
      readonly readonly?: boolean;
      readonly fileMustExist?: boolean;
      readonly timeout?: number;
    }
  }
  export = Database;
}
