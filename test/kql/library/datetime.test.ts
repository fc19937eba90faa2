import { describe, expect, it } from 'vitest';
import { formatTimespan } from '../../../src/kql/values.js';
import { call, d, dt, dtv, l, NOW, r, row, s, ts, tsv } from './helpers.js';

describe('now and ago', () => {
  it('use the query instant from the compile context', () => {
    expect(call('now')).toBe(NOW);
    expect(call('now', ts('-5d'))).toBe(NOW - tsv('5d'));
    expect(call('ago', ts('1h'))).toBe(NOW - tsv('1h'));
  });
});

describe('start-of and end-of', () => {
  it('round to calendar boundaries, with offsets', () => {
    expect(call('startofday', row(dt('2017-01-01 10:10:17')))).toBe(dtv('2017-01-01'));
    expect(call('startofday', row(dt('2017-01-01 10:10:17')), l(-1))).toBe(dtv('2016-12-31'));
    expect(call('startofweek', row(dt('2017-01-05')))).toBe(dtv('2017-01-01')); // Sunday
    expect(call('startofmonth', row(dt('2017-03-31 10:00')), l(-1))).toBe(dtv('2017-02-01'));
    expect(call('startofyear', row(dt('2017-06-01')), l(1))).toBe(dtv('2018-01-01'));
    expect(call('endofday', row(dt('2017-01-01 10:10:17')))).toBe(dtv('2017-01-01T23:59:59.9999999'));
    expect(call('endofweek', row(dt('2017-01-01')))).toBe(dtv('2017-01-07T23:59:59.9999999'));
    expect(call('endofmonth', row(dt('2016-02-10')))).toBe(dtv('2016-02-29T23:59:59.9999999'));
    expect(call('endofyear', row(dt('2017-01-01')), l(1))).toBe(dtv('2018-12-31T23:59:59.9999999'));
    expect(call('startofday', row(dt(null)))).toBeNull();
  });
});

describe('parts', () => {
  it('extract calendar parts', () => {
    expect(call('dayofweek', row(dt('1947-11-30 10:00:05')))).toBe(0n);
    expect(call('dayofweek', row(dt('1970-05-11')))).toBe(tsv('1d'));
    expect(call('dayofmonth', row(dt('2015-12-14')))).toBe(14);
    expect(call('dayofyear', row(dt('2015-12-14')))).toBe(348);
    expect(call('monthofyear', row(dt('2015-12-14')))).toBe(12);
    expect(call('getyear', row(dt('2015-10-12')))).toBe(2015);
    expect(call('hourofday', row(dt('2015-12-14 18:54')))).toBe(18);
    expect(call('week_of_year', row(dt('2015-12-14')))).toBe(51);
    expect(call('week_of_year', row(dt('2000-01-01')))).toBe(52);
    expect(call('week_of_year', row(dt('2021-01-04')))).toBe(1);
    expect(call('datetime_part', s('Quarter'), row(dt('2017-10-30 01:02:03.7654321')))).toBe(4);
    expect(call('datetime_part', s('nanosecond'), row(dt('2017-10-30 01:02:03.7654321')))).toBe(765432100);
    expect(call('datetime_part', s('week_of_year'), row(dt('2017-10-30')))).toBe(44);
  });
});

describe('datetime_add and datetime_diff', () => {
  it('add calendar units (month ends clamp)', () => {
    expect(call('datetime_add', s('month'), l(1), row(dt('2017-01-31')))).toBe(dtv('2017-02-28'));
    expect(call('datetime_add', s('year'), l(-5), row(dt('2017-10-30 01:02:03')))).toBe(dtv('2012-10-30 01:02:03'));
    expect(call('datetime_add', s('quarter'), l(1), row(dt('2017-10-30')))).toBe(dtv('2018-01-30'));
    expect(call('datetime_add', s('week'), l(1), row(dt('2017-10-30')))).toBe(dtv('2017-11-06'));
    expect(call('datetime_add', s('microsecond'), l(1), row(dt('2017-10-30')))).toBe(dtv('2017-10-30') + 10n);
  });

  it('count unit boundaries crossed', () => {
    expect(call('datetime_diff', s('year'), dt('2017-01-01'), row(dt('2000-12-31')))).toBe(17);
    expect(call('datetime_diff', s('quarter'), dt('2017-07-01'), row(dt('2017-03-30')))).toBe(2);
    expect(call('datetime_diff', s('month'), dt('2017-01-01'), row(dt('2000-12-31')))).toBe(193);
    expect(call('datetime_diff', s('week'), dt('2017-10-29 00:00'), row(dt('2017-09-30 23:59')))).toBe(5);
    expect(call('datetime_diff', s('day'), dt('2017-10-29 00:00'), row(dt('2017-09-30 23:59')))).toBe(29);
    expect(call('datetime_diff', s('hour'), dt('2017-10-31 01:00'), row(dt('2017-10-30 23:59')))).toBe(2);
    expect(call('datetime_diff', s('second'), dt('2017-10-30 23:00:10.100'), row(dt('2017-10-30 23:00:00.900')))).toBe(
      10,
    );
    expect(
      call('datetime_diff', s('millisecond'), dt('2017-10-30 23:00:00.200100'), row(dt('2017-10-30 23:00:00.100900'))),
    ).toBe(100);
    expect(
      call(
        'datetime_diff',
        s('microsecond'),
        dt('2017-10-30 23:00:00.1009001'),
        row(dt('2017-10-30 23:00:00.1008009')),
      ),
    ).toBe(100);
    expect(
      call('datetime_diff', s('nanosecond'), dt('2017-10-30 23:00:00.0000000'), row(dt('2017-10-30 23:00:00.0000010'))),
    ).toBe(-1000);
  });
});

describe('formatting', () => {
  const t = dt('2017-01-29 09:00:05.1234567');
  it('format_datetime supports .NET-style specifiers', () => {
    expect(call('format_datetime', row(t), s('yy-MM-dd [HH:mm:ss]'))).toBe('17-01-29 [09:00:05]');
    expect(call('format_datetime', row(t), s('yy-MM-dd [hh:mm:ss tt]'))).toBe('17-01-29 [09:00:05 AM]');
    expect(call('format_datetime', row(t), s('yyyy-M-d h:m:s.fff'))).toBe('2017-1-29 9:0:5.123');
    expect(call('format_datetime', row(t), s('yyyy-MM-dd HH:mm:ss.fffffff'))).toBe('2017-01-29 09:00:05.1234567');
    expect(call('format_datetime', row(dt('2017-01-29 21:00:05')), s('hh tt, ss.FFF'))).toBe('09 PM, 05');
    expect(call('format_datetime', row(t), s('dddd, MMMM dd'))).toBe('Sunday, January 29');
    expect(call('format_datetime', row(t), row(s('yyyy')))).toBe('2017');
  });

  it('format_timespan supports day, hour, minute, second and fraction specifiers', () => {
    const span = ts('29.09:00:05.12345');
    expect(call('format_timespan', row(span), s('dd.hh:mm:ss:FF'))).toBe('29.09:00:05:12');
    expect(call('format_timespan', row(span), s('ddd.h:mm:ss [fffffff]'))).toBe('029.9:00:05 [1234500]');
    expect(call('format_timespan', row(ts('-1h')), s('hh:mm'))).toBe('-01:00');
  });
});

describe('construction and conversion', () => {
  it('make_datetime, make_timespan, unix time', () => {
    expect(call('make_datetime', l(2017), l(10), l(1), l(12), l(10), r(30.5))).toBe(dtv('2017-10-01 12:10:30.5'));
    expect(call('make_datetime', l(2017), l(2), l(30))).toBeNull();
    expect(formatTimespan(call('make_timespan', l(1), l(12), l(30), r(55.2)) as bigint)).toBe('1.12:30:55.2000000');
    expect(call('make_timespan', l(17), l(30))).toBe(tsv('17:30'));
    expect(call('unixtime_seconds_todatetime', row(l(1546300800)))).toBe(dtv('2019-01-01'));
    expect(call('unixtime_seconds_todatetime', row(r(1546300800.5)))).toBe(dtv('2019-01-01T00:00:00.5'));
    expect(call('unixtime_milliseconds_todatetime', row(l(1546300800000)))).toBe(dtv('2019-01-01'));
    expect(call('unixtime_microseconds_todatetime', row(l(1546300800000001)))).toBe(dtv('2019-01-01') + 10n);
    expect(call('unixtime_nanoseconds_todatetime', row(l(1500)))).toBe(15n); // longs beyond 2^53 lose precision (types.ts)
  });

  it('time zones via IANA names', () => {
    expect(call('datetime_utc_to_local', row(dt('2022-07-01 12:00')), s('Europe/Paris'))).toBe(dtv('2022-07-01 14:00'));
    expect(call('datetime_local_to_utc', row(dt('2022-07-01 14:00')), s('Europe/Paris'))).toBe(dtv('2022-07-01 12:00'));
    expect(call('datetime_utc_to_local', row(dt('2022-01-01 12:00')), s('America/New_York'))).toBe(
      dtv('2022-01-01 07:00'),
    );
  });

  it('bin floors datetimes and timespans exactly', () => {
    expect(call('bin', row(dt('2024-01-01T10:37:12.3456789')), ts('1h'))).toBe(dtv('2024-01-01T10:00'));
    expect(call('bin', row(dt('1969-12-31T23:30')), ts('1h'))).toBe(dtv('1969-12-31T23:00'));
    expect(call('bin', row(ts('1.05:00:00')), ts('1d'))).toBe(tsv('1d'));
    expect(call('bin_at', row(dt('2017-05-15 10:20:00')), ts('1d'), dt('1970-01-01 12:00'))).toBe(
      dtv('2017-05-14 12:00'),
    );
    expect(call('floor', row(dt('2024-01-01T10:37')), ts('1d'))).toBe(dtv('2024-01-01'));
  });

  it('datetime functions accept strings and dynamic values', () => {
    expect(call('startofday', row(s('2024-05-06T07:08:09Z')))).toBe(dtv('2024-05-06'));
    expect(call('getyear', row(d('2024-05-06')))).toBe(2024);
  });
});
