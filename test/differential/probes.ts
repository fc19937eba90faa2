/**
 * Hand-written probes for the analyzer differential test: forms real hunting queries and the
 * documentation use that a strict parser or binder gets wrong (issue 10). Each is judged by
 * Microsoft's analyzer like every other query; ids are stable. Tables are catalog tables.
 */
export interface Probe {
  readonly id: string;
  readonly query: string;
}

export const PROBES: readonly Probe[] = [
  // type keywords as names: `guid` and `bool` are plain names, the others need ['…']
  { id: 'name-guid', query: 'SigninLogs | extend guid = new_guid() | project guid' },
  { id: 'name-bool-let', query: 'let bool = 1;\nprint bool' },
  { id: 'name-guid-datatable', query: 'datatable(guid:long, bool:string)[1, "a"] | where guid > 0 and bool == "a"' },
  { id: 'name-string-rejected', query: 'SigninLogs | extend string = "a"' },
  { id: 'name-long-bracketed', query: "SigninLogs | extend ['long'] = 1 | where ['long'] > 0" },
  { id: 'name-member-keyword', query: 'print x = dynamic({"long": 1}) | extend y = x.long' },
  { id: 'name-member-bracketed', query: 'print x = dynamic({"long": 1}) | extend y = x["long"], z = x.[\'long\']' },
  // `.[index]` path steps
  { id: 'path-index', query: 'print x = parse_json(\'[{"userPrincipalName": "a"}]\').[0].userPrincipalName' },
  { id: 'path-index-column', query: 'SigninLogs | extend upn = parse_json(UserPrincipalName).[0].userPrincipalName' },
  { id: 'path-index-expr', query: 'print d = dynamic([[1, 2], [3]]) | extend v = d.[0].[1]' },
  // trailing comma in a schema
  { id: 'schema-trailing-comma-datatable', query: 'datatable(a:string, b:long, )["x", 1]' },
  {
    id: 'schema-trailing-comma-externaldata',
    query: 'externaldata(a:string, b:long, ) [@"https://example.com/y.csv"] with (format="csv")',
  },
  // documented datetime literal forms
  { id: 'datetime-us-dashes', query: 'print datetime("12-02-2022")' },
  { id: 'datetime-us-slashes', query: 'print datetime("01/16/2022 00:00:00")' },
  { id: 'datetime-fraction', query: 'print datetime(2015-12-31 23:59:59.9)' },
  { id: 'datetime-rfc822', query: 'print datetime("Sat, 8 Nov 14 15:05:02 GMT"), datetime(8 Nov 14 15:05)' },
  { id: 'datetime-rfc850', query: 'print datetime("Saturday, 08-Nov-14 15:05:02 GMT"), datetime(08-Nov-14 15:05)' },
  { id: 'datetime-rfc822-zone', query: 'print datetime("Sat, 8 Nov 14 15:05:02 EST")' },
  { id: 'datetime-iso-forms', query: 'print datetime(2014-05-25T08:20:03.123456Z), datetime(2014-11-08 15:55)' },
  // `where Flag = true`: a named predicate in Kusto
  { id: 'where-single-equals', query: 'SigninLogs | where IsInteractive = true' },
  { id: 'where-single-equals-string', query: 'SigninLogs | where UserPrincipalName = "a"' },
  // comparisons Kusto accepts across types
  { id: 'compare-string-number', query: 'SigninLogs | where ResultType == 0' },
  { id: 'compare-string-number-ne', query: 'SigninLogs | where ResultType != 0 and ResultType <> 50126' },
  { id: 'compare-in-numbers-on-string', query: 'SigninLogs | where ResultType in (0, 50126)' },
  { id: 'compare-notin-mixed', query: 'SigninLogs | where ResultType !in ("0", 50126)' },
  { id: 'compare-int-string', query: 'print int(2) == "2"' },
  { id: 'compare-bool-string', query: 'print true == "true"' },
  { id: 'compare-real-string', query: 'print "a" == 1.5' },
  { id: 'compare-datetime-number', query: 'print now() == 5' },
  // what Kusto rejects stays rejected
  { id: 'reject-order-string', query: 'print "a" < "b"' },
  { id: 'reject-order-datetime-string', query: 'print now() > "2020-01-01"' },
  { id: 'reject-has-number', query: 'print 1 has "1"' },
  { id: 'reject-chained-equality', query: 'print 1 == 1 == true' },
  { id: 'reject-in-then-equality', query: 'print 1 in (1) == true' },
  { id: 'reject-duplicate-extend', query: 'print x = 1 | extend a = 1, a = 2' },
  { id: 'reject-notbetween', query: 'print 1 notbetween (1 .. 2)' },
  { id: 'reject-sort-dynamic', query: 'print d = dynamic({"a": 1}) | sort by d.a' },
  { id: 'top-dynamic', query: 'print d = dynamic(1) | top 3 by d' },
  // precedence: string operators bind tighter than relational ones
  { id: 'prec-has-before-equality', query: 'print "a" has "b" == true' },
  { id: 'prec-equality-then-has', query: 'print "a" == "b" has "c"' },
  { id: 'prec-relational-then-equality', query: 'print 1 < 2 == true' },
  // named call arguments
  { id: 'named-arg-by', query: 'SigninLogs | summarize count() by bin(T5 = TimeGenerated, 5m) | project T5' },
  { id: 'named-arg-param', query: 'print bin(value = 7, roundTo = 2), strlen(source = "abc")' },
  { id: 'digit-leading-name', query: 'print 5Minutebin = 1 | project 5Minutebin' },
  // macro-expand over local entity groups, the analytics and pattern plugins, graph functions
  {
    id: 'macro-expand-inline',
    query:
      'macro-expand entity_group [SigninLogs, AADNonInteractiveUserSignInLogs] as X (X | summarize n = count() by UserPrincipalName)',
  },
  {
    id: 'macro-expand-let',
    query: 'let G = entity_group [SigninLogs]; macro-expand kind=inner G as X (let k = 1; X | take k)',
  },
  { id: 'macro-expand-in', query: 'let G = entity_group [SigninLogs]; macro-expand X in G (X | count)' },
  {
    id: 'plugin-activity-engagement',
    query:
      'SigninLogs | evaluate activity_engagement(UserPrincipalName, TimeGenerated, 1d, 7d) | project activity_ratio',
  },
  {
    id: 'plugin-new-activity-metrics',
    query:
      'SigninLogs | evaluate new_activity_metrics(UserPrincipalName, TimeGenerated, datetime(2024-01-01), datetime(2024-01-31), 7d) | project from_TimeGenerated, retention_rate',
  },
  {
    id: 'plugin-funnel-sequence',
    query:
      "SigninLogs | evaluate funnel_sequence(UserPrincipalName, TimeGenerated, datetime(2024-01-01), datetime(2024-02-01), 1h, 1d, AppDisplayName, dynamic(['a', 'b']))",
  },
  {
    id: 'plugin-funnel-sequence-completion',
    query:
      "SigninLogs | evaluate funnel_sequence_completion(UserPrincipalName, TimeGenerated, datetime(2024-01-01), datetime(2024-02-01), 1d, AppDisplayName, dynamic(['a', 'b']), dynamic([1h, 4h])) | project Period, dcount",
  },
  {
    id: 'plugin-sequence-detect',
    query:
      "SigninLogs | evaluate sequence_detect(TimeGenerated, 5m, 1h, fail = (ResultType != '0'), ok = (ResultType == '0'), UserPrincipalName) | project fail_TimeGenerated, Duration",
  },
  { id: 'plugin-basket', query: 'SigninLogs | project AppDisplayName, ResultType | evaluate basket(0.1)' },
  {
    id: 'plugin-autocluster',
    query: "SigninLogs | project AppDisplayName, ResultType | evaluate autocluster(0.6, '~', '~', '*')",
  },
  {
    id: 'plugin-diffpatterns',
    query:
      "SigninLogs | project AppDisplayName, ResultType, IsInteractive | evaluate diffpatterns(ResultType, '0', '50126')",
  },
  {
    id: 'plugin-diffpatterns-text',
    query: "SigninLogs | evaluate diffpatterns_text(ResultDescription, ResultType == '0')",
  },
  {
    id: 'graph-node-id-labels',
    query:
      'SigninLogs | make-graph UserPrincipalName --> AppDisplayName | graph-match (u)-[e]->(a) project id = node_id(a), l = labels(u)',
  },
];
