/** Per-table metadata generated beside the schemas (see scripts/gen-schemas.mjs). */

export type TableProduct = 'Defender XDR' | 'Sentinel';

export interface SchemaSource {
  /** Upstream repository and path pattern the facts come from. */
  readonly origin: string;
  readonly license: string;
  /** Path of the fact file under the shared data folder, when one file was read. */
  readonly file?: string;
  readonly commit?: string;
}

export interface TableInfo {
  readonly product: TableProduct;
  /** Primary Microsoft Sentinel data connector id that fills the table. */
  readonly connector: string;
  /** All connector ids known to fill the table (primary first). */
  readonly connectors: readonly string[];
  /** The table's native time column: `Timestamp` in Defender XDR, `TimeGenerated` in Sentinel. */
  readonly timeColumn: 'Timestamp' | 'TimeGenerated';
  /** Columns only the Sentinel / Log Analytics copy of a Defender table has (TimeGenerated, TenantId …). */
  readonly sentinelOnlyColumns: readonly string[];
  readonly sources: readonly SchemaSource[];
}
