/**
 * The shape of a logsource mapping: which Defender XDR table (and ActionType values) hold a Sigma
 * logsource's events, and where each Sigma field lives there. Mappings are data; the converter
 * (../convert.ts) reads them. Each file says where its facts come from.
 */

/** How a Sigma field's values reach a column. */
export type FieldTarget =
  /** A table column; its type comes from the schema. */
  | { readonly column: string; readonly values?: ValueRule }
  /**
   * A KQL expression over the row (for example a field assembled from two columns); `inverse`
   * says which columns a value lands in (test rows are generated from Sigma values).
   */
  | { readonly expr: string; readonly type: 'string' | 'long'; readonly values?: ValueRule; readonly inverse: Inverse }
  /** A key of a property bag: AdditionalFields (Defender), or `of` (WindowsEvent's EventData). */
  | { readonly bag: string; readonly of?: string; readonly type: 'string' | 'long'; readonly values?: ValueRule }
  /** Sysmon `Hashes` ("SHA1=…,MD5=…,SHA256=…"): each value names its algorithm and goes to that column. */
  | { readonly hashes: Readonly<Record<string, string>> }
  /** A field whose values select events by a predicate (exact values only, case-insensitive). */
  | { readonly predicates: Readonly<Record<string, string>> }
  /** Known field without a Defender equivalent: the reason it cannot be translated. */
  | { readonly unmapped: string };

/** How a value of an expression field is written into a row. */
export type Inverse =
  /** Split at the last backslash: `DOMAIN\user` → [domain column, name column]. */
  | { readonly split: readonly [string, string] }
  /** One of two columns, by the row's ActionType. */
  | { readonly when: string; readonly then: string; readonly else: string };

/**
 * Value rewrites where Sysmon and Defender spell the same fact differently:
 * - `registryHive`: `HKLM\…` → `HKEY_LOCAL_MACHINE\…` (Defender writes hives in full)
 * - `registryData`: `DWORD (0x00000001)` → RegistryValueData "1" with RegistryValueType Dword;
 *   `Binary Data` → RegistryValueType Binary (or Sysmon's own spelling, for rows loaded from Sysmon)
 * - `pipeName`: `\name` → `\Device\NamedPipe\name` (Defender keeps the device prefix) or `\name`
 *   (rows loaded from Sysmon)
 * - `hexNumber`: `0x1410` → 5136 (Defender stores access masks as numbers)
 */
export type ValueRule = 'registryHive' | 'registryData' | 'pipeName' | 'hexNumber';

export interface LogsourceMapping {
  /** Sigma logsource this applies to (product windows is implied when absent in the rule). */
  readonly category?: string;
  readonly service?: string;
  readonly table: string;
  /** ActionType values of the table that hold this category (absent: every row of the table). */
  readonly actionTypes?: readonly string[];
  /** Further row condition in KQL (for example a property of AdditionalFields). */
  readonly filter?: string;
  readonly fields: Readonly<Record<string, FieldTarget>>;
  /** A field the mapping does not name is the table column of the same name, when there is one. */
  readonly sameNameColumns?: boolean;
  /** A field the mapping does not name is the property of the same name of this dynamic column (WindowsEvent's EventData). */
  readonly bagFields?: string;
  /** Column values every row of this logsource has (what `filter` selects); generated test rows start from them. */
  readonly defaults?: Readonly<Record<string, string | number>>;
  /** Where the facts come from. */
  readonly sources: readonly string[];
}
