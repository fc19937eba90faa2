/**
 * Evaluate: the plugins that run locally (bag_unpack, pivot, narrow, ipv4_lookup, ipv6_lookup,
 * geo_line_lookup, geo_polygon_lookup, schema_merge, sliding_window_counts, activity_counts_metrics,
 * active_users_count, activity_metrics, session_count, preview, rows_near, rolling_percentile,
 * dcount_intersect, activity_engagement, new_activity_metrics, funnel_sequence,
 * funnel_sequence_completion, sequence_detect, autocluster, basket, diffpatterns, diffpatterns_text); others → KQL503 (the binder refuses cloud/external ones with KQL504 first).
 */
import type { EvaluateNode } from '../../plan/nodes.js';
import { type ExecContext, unsupported } from '../context.js';
import { activeUsersCount, activityCountsMetrics, activityMetrics, slidingWindowCounts } from '../plugins/activity.js';
import { dcountIntersect, preview, rollingPercentile, rowsNear, sessionCount } from '../plugins/analytics.js';
import { bagUnpack } from '../plugins/bagUnpack.js';
import { activityEngagement, newActivityMetrics } from '../plugins/engagement.js';
import { funnelSequence, funnelSequenceCompletion, sequenceDetect } from '../plugins/funnel.js';
import { geoLookup } from '../plugins/geoLookup.js';
import { ipv4Lookup } from '../plugins/ipv4Lookup.js';
import { ipv6Lookup } from '../plugins/ipv6Lookup.js';
import { narrow } from '../plugins/narrow.js';
import { autocluster, basket, diffpatterns, diffpatternsText } from '../plugins/patterns.js';
import { pivot } from '../plugins/pivot.js';
import { schemaMerge } from '../plugins/schemaMerge.js';
import type { Relation } from '../relation.js';

type Plugin = (node: EvaluateNode, input: Relation, ctx: ExecContext) => Relation;

const PLUGINS: Readonly<Record<string, Plugin>> = {
  bag_unpack: bagUnpack,
  pivot,
  narrow,
  ipv4_lookup: ipv4Lookup,
  ipv6_lookup: ipv6Lookup,
  geo_line_lookup: geoLookup,
  geo_polygon_lookup: geoLookup,
  schema_merge: schemaMerge,
  sliding_window_counts: slidingWindowCounts,
  activity_counts_metrics: activityCountsMetrics,
  active_users_count: activeUsersCount,
  activity_metrics: activityMetrics,
  preview,
  rows_near: rowsNear,
  rolling_percentile: rollingPercentile,
  dcount_intersect: dcountIntersect,
  session_count: sessionCount,
  activity_engagement: activityEngagement,
  new_activity_metrics: newActivityMetrics,
  funnel_sequence: funnelSequence,
  funnel_sequence_completion: funnelSequenceCompletion,
  sequence_detect: sequenceDetect,
  autocluster,
  basket,
  diffpatterns,
  diffpatterns_text: diffpatternsText,
};

export function runEvaluate(node: EvaluateNode, ctx: ExecContext): Relation {
  const plugin = PLUGINS[node.plugin.toLowerCase()];
  if (plugin === undefined) return unsupported(`The '${node.plugin}' plugin`);
  if (node.input === undefined) return unsupported(`The '${node.plugin}' plugin without input rows`);
  return plugin(node, ctx.run(node.input), ctx);
}
