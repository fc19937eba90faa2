/** Per-table metadata generated beside the schemas (see scripts/gen-schemas.mjs). */

/** Where a table exists: Defender XDR advanced hunting, Log Analytics / Sentinel, or both. */
export type TableProduct = 'Defender XDR' | 'Log Analytics' | 'both';

export interface SchemaSource {
  /** Source id of the schema catalog (defender-docs, azure-monitor-ref, azure-sentinel-customtables …). */
  readonly id: string;
  /** Upstream repository the facts come from. */
  readonly origin: string;
  readonly license: string;
  /** Path of the documenting file in that repository. */
  readonly file?: string;
  readonly commit?: string;
}

export interface TableInfo {
  readonly product: TableProduct;
  /** Primary Microsoft Sentinel data connector id that fills the table, when known. */
  readonly connector: string | undefined;
  /** All connector ids known to fill the table (primary first); empty when none is known. */
  readonly connectors: readonly string[];
  /**
   * The table's native time column: `Timestamp` for Defender XDR tables (present in both engines),
   * `TimeGenerated` for Log Analytics tables, another datetime column for a few; undefined if none.
   */
  readonly timeColumn: string | undefined;
  /** The time column of the Sentinel copy of a `both` table (`TimeGenerated`). */
  readonly sentinelTimeColumn: string | undefined;
  /** Columns only the Sentinel / Log Analytics copy of a Defender table has (TimeGenerated, TenantId …). */
  readonly sentinelOnlyColumns: readonly string[];
  /** Alternative spellings kept as columns of their own: alias → canonical column (AccountUPN → AccountUpn). */
  readonly columnAliases: Readonly<Record<string, string>>;
  /** A custom log table (`_CL`). */
  readonly customLog: boolean;
  readonly sources: readonly SchemaSource[];
}

/** How pages and reports name a product: `both` says which two. */
export function productLabel(product: TableProduct): string {
  return product === 'both'
    ? 'Defender XDR and Sentinel'
    : product === 'Log Analytics'
      ? 'Sentinel / Log Analytics'
      : product;
}
