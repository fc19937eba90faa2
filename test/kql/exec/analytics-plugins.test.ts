/**
 * The user-analytics, sequence and pattern plugins and the graph functions node_id()/labels(),
 * tested on their documentation pages' examples (expected rows from the page where it shows them)
 * and on small tables whose answer follows from the page's definitions.
 */
import { describe, expect, it } from 'vitest';
import { runQuery } from '../../../src/kql/engine.js';
import { formatCell } from '../../../src/kql/values.js';

function table(text: string): { columns: string[]; rows: unknown[][] } {
  const res = runQuery(text);
  expect(res.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  const t = res.result!.table;
  const schema = res.result!.schema.columns;
  return {
    columns: schema.map((c) => c.name),
    rows: Array.from({ length: t.rowCount }, (_, i) =>
      t.columns.map((c, j) => {
        const v = c.get(i);
        const type = schema[j]!.type;
        return type === 'datetime' || type === 'timespan' ? (v === null ? null : formatCell(v, type)) : v;
      }),
    ),
  };
}

// The page's sample: users seen per day, 2019-11-01 .. 2019-11-05.
const DAYS: Record<string, number[]> = {
  '2019-11-01': [0, 2, 3, 4],
  '2019-11-02': [0, 1, 3, 4, 5],
  '2019-11-03': [0, 2, 4, 5],
  '2019-11-04': [0, 1, 2, 3],
  '2019-11-05': [0, 1, 2, 3, 4],
};
const USERS = `let Users = datatable(user:long, Timestamp:datetime) [${Object.entries(DAYS)
  .flatMap(([d, us]) => us.map((u) => `${u}, datetime(${d})`))
  .join(', ')}];`;

describe('new_activity_metrics', () => {
  it('reproduces the page example table', () => {
    const t = table(`${USERS}
let StartDate = datetime(2019-11-01 00:00:00);
let EndDate = datetime(2019-11-07 00:00:00);
Users
| evaluate new_activity_metrics(user, Timestamp, StartDate, EndDate-1tick, 1d)
| where from_Timestamp < datetime(2019-11-03 00:00:00.0000000)`);
    expect(t.columns).toEqual([
      'from_Timestamp',
      'to_Timestamp',
      'dcount_new_values',
      'dcount_retained_values',
      'dcount_churn_values',
      'retention_rate',
      'churn_rate',
    ]);
    const d = (s: string) => `2019-11-0${s}T00:00:00.0000000Z`;
    expect(t.rows).toEqual([
      [d('1'), d('1'), 4, 4, 0, 1, 0],
      [d('1'), d('2'), 2, 3, 1, 0.75, 0.25],
      [d('1'), d('3'), 1, 3, 1, 0.75, 0.25],
      [d('1'), d('4'), 1, 3, 1, 0.75, 0.25],
      [d('1'), d('5'), 1, 4, 0, 1, 0],
      [d('1'), d('6'), 0, 0, 4, 0, 1],
      [d('2'), d('2'), 2, 2, 0, 1, 0],
      [d('2'), d('3'), 0, 1, 1, 0.5, 0.5],
      [d('2'), d('4'), 0, 1, 1, 0.5, 0.5],
      [d('2'), d('5'), 0, 1, 1, 0.5, 0.5],
      [d('2'), d('6'), 0, 0, 2, 0, 1],
    ]);
  });

  it('takes a single cohort and a lookback table of ids that are not new', () => {
    const q = `${USERS} let look = datatable(Timestamp:datetime, user:long) [datetime(2019-10-01), 2];
Users | evaluate new_activity_metrics(user, Timestamp, datetime(2019-11-01), datetime(2019-11-03), 1d, datetime(2019-11-01), look)`;
    // Cohort of 11-01 without user 2: {0, 3, 4}; on 11-02 all three are seen again, on 11-03 0 and 4.
    expect(table(q).rows.map((r) => r.slice(2))).toEqual([
      [3, 3, 0, 1, 0],
      [2, 3, 0, 1, 0],
      [1, 2, 1, 2 / 3, 1 / 3],
    ]);
  });
});

describe('new_activity_metrics windows', () => {
  it('takes calendar weeks (starting on Sunday) as the window', () => {
    const t = table(
      `${USERS} Users | evaluate new_activity_metrics(user, Timestamp, datetime(2019-11-01), datetime(2019-11-05), 'week')`,
    );
    // 2019-11-01 is a Friday: its week starts 2019-10-27; the next week starts 2019-11-03.
    expect(t.rows).toEqual([
      ['2019-10-27T00:00:00.0000000Z', '2019-10-27T00:00:00.0000000Z', 6, 6, 0, 1, 0],
      ['2019-10-27T00:00:00.0000000Z', '2019-11-03T00:00:00.0000000Z', 0, 6, 0, 1, 0],
      ['2019-11-03T00:00:00.0000000Z', '2019-11-03T00:00:00.0000000Z', 0, 0, 0, 0, 0],
    ]);
  });
});

describe('activity_engagement', () => {
  it('divides the inner-window distinct count by the outer window ending with it', () => {
    const t = table(`${USERS} Users | evaluate activity_engagement(user, Timestamp, 1d, 3d)`);
    expect(t.columns).toEqual(['Timestamp', 'dcount_activities_inner', 'dcount_activities_outer', 'activity_ratio']);
    // 11-02: 5 users that day, 6 over 11-01..11-02; 11-03: 4 of the 6 seen over 11-01..11-03.
    expect(t.rows.map((r) => r.slice(1))).toEqual([
      [4, 4, 1],
      [5, 6, 5 / 6],
      [4, 6, 4 / 6],
      [4, 6, 4 / 6],
      [5, 6, 5 / 6],
    ]);
  });

  it('keeps only events between Start and End and slices by dimensions', () => {
    const t = table(`${USERS} Users | extend odd = user % 2 == 1
| evaluate activity_engagement(user, Timestamp, datetime(2019-11-04), datetime(2019-11-05), 1d, 7d, odd)`);
    expect(t.columns).toEqual([
      'Timestamp',
      'odd',
      'dcount_activities_inner',
      'dcount_activities_outer',
      'activity_ratio',
    ]);
    expect(t.rows.map((r) => r.slice(1))).toEqual([
      [false, 2, 2, 1],
      [true, 2, 2, 1],
      [false, 3, 3, 1],
      [true, 2, 2, 1],
    ]);
  });
});

const STORMS = `let StormEvents = datatable(State:string, EventType:string, StartTime:datetime) [
'CALIFORNIA', 'Excessive Heat', datetime(2007-05-08 00:00), 'CALIFORNIA', 'Wildfire', datetime(2007-05-08 16:02),
'CALIFORNIA', 'Wildfire', datetime(2007-05-10 11:30), 'TEXAS', 'Wildfire', datetime(2007-05-09),
'TEXAS', 'Excessive Heat', datetime(2007-08-10 08:00), 'TEXAS', 'Wildfire', datetime(2007-08-11 13:56),
'CALIFORNIA', 'Wildfire', datetime(2007-05-20)];`;

describe('sequence_detect', () => {
  it('lists every chain of steps within the windows, as the page pairs one heat event with two wildfires', () => {
    const t = table(`${STORMS} StormEvents
| evaluate sequence_detect(StartTime, 5d, 5d, heat=(EventType == "Excessive Heat"), wildfire=(EventType == 'Wildfire'), State)`);
    expect(t.columns).toEqual(['State', 'heat_StartTime', 'wildfire_StartTime', 'Duration']);
    expect(t.rows).toEqual([
      ['CALIFORNIA', '2007-05-08T00:00:00.0000000Z', '2007-05-08T16:02:00.0000000Z', '16:02:00'],
      ['CALIFORNIA', '2007-05-08T00:00:00.0000000Z', '2007-05-10T11:30:00.0000000Z', '2.11:30:00'],
      ['TEXAS', '2007-08-10T08:00:00.0000000Z', '2007-08-11T13:56:00.0000000Z', '1.05:56:00'],
    ]);
  });

  it('bounds each step and the whole span', () => {
    const t = table(`${STORMS} StormEvents
| evaluate sequence_detect(StartTime, 1d, 5d, heat=(EventType == "Excessive Heat"), wildfire=(EventType == 'Wildfire'), State)`);
    expect(t.rows.map((r) => r[3])).toEqual(['16:02:00']);
  });
});

describe('funnel_sequence and funnel_sequence_completion', () => {
  it('counts ids per prev and next state around the sequence (the first of the three tables)', () => {
    const t = table(`${STORMS} StormEvents
| evaluate funnel_sequence(State, StartTime, datetime(2007-01-01), datetime(2008-01-01), 10d, 365d, EventType, dynamic(['Excessive Heat']))`);
    expect(t.columns).toEqual(['StartTime', 'prev', 'next', 'dcount', 'samples']);
    // Texas's earlier wildfire is three months before its heat event: no prev within 10 days.
    expect(t.rows).toEqual([['2007-01-01T00:00:00.0000000Z', '', 'Wildfire', 2, ['CALIFORNIA', 'TEXAS']]]);
  });

  it('counts ids reaching each step of the sequence within each period', () => {
    const t = table(`${STORMS} StormEvents
| evaluate funnel_sequence_completion(State, StartTime, datetime(2007-01-01), datetime(2008-01-01), 365d, EventType, dynamic(['Excessive Heat', 'Wildfire', 'Wildfire']), dynamic([1d, 4d]))`);
    expect(t.columns).toEqual(['StartTime', 'EventType', 'Period', 'dcount']);
    expect(t.rows.map((r) => r.slice(1))).toEqual([
      ['Excessive Heat', '1.00:00:00', 2],
      ['Wildfire', '1.00:00:00', 1],
      ['Wildfire', '1.00:00:00', 0],
      ['Excessive Heat', '4.00:00:00', 2],
      ['Wildfire', '4.00:00:00', 2],
      ['Wildfire', '4.00:00:00', 1],
    ]);
  });
});

const DAMAGE = `let T = datatable(State:string, EventType:string, Damage:string, DamageCrops:long) [
'TEXAS','Hail','NO',0, 'TEXAS','Hail','NO',0, 'KANSAS','Hail','NO',0, 'IOWA','Hail','YES',0, 'IOWA','Hail','YES',5,
'TEXAS','Thunderstorm Wind','YES',0, 'KANSAS','Thunderstorm Wind','YES',3, 'IOWA','Flood','NO',0,
'TEXAS','Flood','NO',0, 'KANSAS','Hail','NO',0];`;

describe('basket', () => {
  it('returns the closed frequent patterns above the threshold, wildcards for free columns', () => {
    const t = table(`${DAMAGE} T | evaluate basket(0.5)`);
    expect(t.columns).toEqual(['SegmentId', 'Count', 'Percent', 'State', 'EventType', 'Damage', 'DamageCrops']);
    // Damage == "NO" always has DamageCrops == 0, so it appears only with it (closed patterns).
    expect(t.rows).toEqual([
      [0, 8, 80, '', '', '', 0],
      [1, 6, 60, '', 'Hail', '', null],
      [2, 6, 60, '', '', 'NO', 0],
      [3, 5, 50, '', 'Hail', '', 0],
    ]);
  });

  it('takes custom wildcards by type and a weight column', () => {
    const t = table(
      `${DAMAGE} T | extend w = iff(Damage == 'YES', 10, 1) | evaluate basket(0.5, w, '~', '*', long(-1))`,
    );
    // YES rows weigh 10 of 46: Damage == "YES" alone covers 40. The weight column is never part
    // of a pattern: it shows the long wildcard, as DamageCrops does where it is free.
    expect(t.rows[0]).toEqual([0, 40, 86.96, '*', '*', 'YES', -1, -1]);
    expect(t.rows.every((r) => r[7] === -1)).toBe(true);
  });
});

describe('autocluster', () => {
  it('picks a few non-nested patterns by coverage and specificity', () => {
    const t = table(`${DAMAGE} T | evaluate autocluster()`);
    expect(t.columns).toEqual(['SegmentId', 'Count', 'Percent', 'State', 'EventType', 'Damage', 'DamageCrops']);
    expect(t.rows[0]).toEqual([0, 6, 60, '', '', 'NO', 0]);
    // No chosen pattern contains another.
    const fixed = t.rows.map((r) => r.slice(3).map((v, i) => (v === '' || v === null ? undefined : `${i}=${v}`)));
    for (const a of fixed)
      for (const b of fixed) if (a !== b) expect(a.every((x) => x === undefined || b.includes(x))).toBe(false);
  });
});

describe('diffpatterns', () => {
  it('finds patterns whose share differs between the two sets, without the split column', () => {
    const t = table(`${DAMAGE} T | evaluate diffpatterns(Damage, "NO", "YES")`);
    expect(t.columns).toEqual([
      'SegmentId',
      'CountA',
      'CountB',
      'PercentA',
      'PercentB',
      'PercentDiffAB',
      'State',
      'EventType',
      'DamageCrops',
    ]);
    expect(t.rows).toEqual([
      [0, 0, 2, 0, 50, 50, 'IOWA', 'Hail', null],
      [1, 6, 2, 100, 50, 50, '', '', 0],
      [2, 0, 2, 0, 50, 50, '', 'Thunderstorm Wind', null],
    ]);
  });
});

describe('diffpatterns_text', () => {
  it('finds token patterns that tell the true rows from the false ones', () => {
    const t = table(`datatable(Msg:string, Bad:bool) ['Disk full on server A', true, 'Disk full on server B', true,
'Disk full on server C', true, 'User logged in from host A', false, 'User logged in from host B', false,
'User logged out', false, 'Disk check passed', false] | evaluate diffpatterns_text(Msg, Bad)`);
    expect(t.columns).toEqual(['Count_of_True', 'Count_of_False', 'Percent_of_True', 'Percent_of_False', 'Pattern']);
    expect(t.rows).toEqual([
      [3, 0, 100, 0, 'Disk full on server *'],
      [0, 1, 0, 25, 'Disk check passed'],
      [0, 3, 0, 75, 'User logged *'],
    ]);
  });
});

describe('node_id() and labels()', () => {
  it('reproduces the node_id page example', () => {
    const t = table(`let employees = datatable(name:string, age:long) ["Alice", 32, "Bob", 31, "Eve", 27];
let reports = datatable(employee:string, manager:string) ["Bob", "Alice", "Chris", "Alice", "Eve", "Bob"];
reports
| make-graph employee --> manager with employees on name
| graph-match (employee)-[reports*1..3]->(manager)
    where node_id(employee) startswith "E"
    project manager1 = node_id(manager), manager2 = map(inner_nodes(reports), node_id())`);
    expect(t.rows).toEqual([
      ['Bob', []],
      ['Alice', ['Bob']],
    ]);
  });

  it('labels() is an empty array on a make-graph graph (labels come from graph models)', () => {
    const t = table(
      'range x from 1 to 2 step 1 | make-graph x --> x | graph-match (a)-[e]->(b) project l = labels(a), m = labels(e), id = node_id(b)',
    );
    expect(t.rows).toEqual([
      [[], [], '1'],
      [[], [], '2'],
    ]);
  });
});
