/**
 * Documented names the local engine refuses on purpose: they need an Azure Data Explorer cluster's
 * storage or cursors, a cloud service, an external database or an AI model. The binder reports
 * KQL504 ("not available locally") with where the name runs, instead of "unknown". Everything
 * else in the documented surface is implemented (test/kql/surface.test.ts checks both).
 */

export interface Refusal {
  /** How the name is used: a scalar function, an `evaluate` plugin, or a tabular source. */
  readonly kind: 'function' | 'plugin' | 'tabular';
  /** Where it runs, for the message ("an Azure Data Explorer cluster"). */
  readonly runsIn: string;
  /** What it needs that a local run cannot give. */
  readonly needs: string;
}

const ADX = 'an Azure Data Explorer / Fabric Eventhouse cluster';

const plugin = (needs: string, runsIn = ADX): Refusal => ({ kind: 'plugin', runsIn, needs });
const fn = (needs: string, runsIn = ADX): Refusal => ({ kind: 'function', runsIn, needs });
const tab = (needs: string, runsIn = ADX): Refusal => ({ kind: 'tabular', runsIn, needs });

export const REFUSED_LOCALLY: Readonly<Record<string, Refusal>> = {
  // Plugins that run code or call services outside the query engine.
  python: plugin('a Python sandbox on the cluster nodes'),
  r: plugin('an R sandbox on the cluster nodes'),
  ai_embeddings: plugin('an Azure OpenAI embeddings deployment'),
  ai_chat_completion: plugin('an Azure OpenAI chat deployment'),
  ai_chat_completion_prompt: plugin('an Azure OpenAI chat deployment'),
  azure_digital_twins_query_request: plugin('an Azure Digital Twins instance'),
  cosmosdb_sql_request: plugin('an Azure Cosmos DB account'),
  sql_request: plugin('a SQL Server / Azure SQL database'),
  mysql_request: plugin('a MySQL database'),
  postgresql_request: plugin('a PostgreSQL database'),
  http_request: plugin('an HTTP call from the cluster (callout policy)'),
  http_request_post: plugin('an HTTP call from the cluster (callout policy)'),
  infer_storage_schema: plugin('access to Azure Storage blobs'),
  infer_storage_schema_with_suggestions: plugin('access to Azure Storage blobs'),
  // Scalar functions over a cluster's storage, cursors or principals' directory.
  cursor_after: fn("the database's ingestion cursors"),
  cursor_before_or_at: fn("the database's ingestion cursors"),
  cursor_current: fn("the database's ingestion cursors"),
  extent_id: fn("the cluster's storage extents (data shards)"),
  extent_tags: fn("the cluster's storage extents (data shards)"),
  geo_info_from_ip_address: fn("Microsoft's IP geolocation data", 'Azure Data Explorer, Log Analytics or Sentinel'),
  // Tabular sources that name other clusters, databases or stored entities.
  cluster: tab('another cluster'),
  database: tab('a database of a cluster'),
  external_table: tab('an external table defined on the cluster'),
  inline_external_table: tab('files in Azure Storage'),
  materialized_view: tab('a materialized view defined on the cluster'),
  stored_query_result: tab('a stored query result kept by the cluster'),
  graph: tab('a persisted graph model or snapshot on the cluster'),
};

export function refusal(name: string): Refusal | undefined {
  return Object.hasOwn(REFUSED_LOCALLY, name) ? REFUSED_LOCALLY[name] : undefined;
}
