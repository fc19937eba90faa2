/**
 * Names that exist only in Microsoft's cloud products. Real hunting queries call them; locally they
 * get a specific diagnostic ("available only in Defender XDR") instead of "unknown name".
 */

const DEFENDER = 'Microsoft Defender XDR advanced hunting';
const SENTINEL = 'Microsoft Sentinel / Log Analytics';
const KUSTO = 'Azure Data Explorer clusters';

const CLOUD_FUNCTIONS: Readonly<Record<string, string>> = {
  FileProfile: DEFENDER,
  SeenBy: DEFENDER,
  DeviceFromIP: DEFENDER,
  AssignedIPAddresses: DEFENDER,
  Malware: DEFENDER,
  _GetWatchlist: SENTINEL,
  _GetWatchlistAlias: SENTINEL,
  _ASIM_GetSourceBySourceType: SENTINEL,
  workspace: SENTINEL,
  app: SENTINEL,
  resource: SENTINEL,
  cluster: KUSTO,
  database: KUSTO,
  external_table: KUSTO,
  materialized_view: KUSTO,
  stored_query_result: KUSTO,
  geo_info_from_ip_address: KUSTO,
  ipv4_lookup_remote: KUSTO,
};

/**
 * Tables that exist only in a cloud product. The bundled catalog (src/telemetry/schemas.ts) now has
 * every Defender XDR table and the documented Log Analytics tables, and names the rest through
 * `Catalog.cloudOnlyTable`; what is left here is what no catalog can list: custom log tables.
 */
const CUSTOM_LOG = /_CL$/;

export function cloudOnlyFunction(name: string): string | undefined {
  return Object.hasOwn(CLOUD_FUNCTIONS, name) ? CLOUD_FUNCTIONS[name] : undefined;
}

export function cloudOnlyTable(name: string): string | undefined {
  return CUSTOM_LOG.test(name) ? `${SENTINEL} (custom log table)` : undefined;
}
