/**
 * Malformed queries for the parser differential test: each one should be rejected by a KQL parser
 * (checked against Microsoft's in parser-differential.test.ts). Ids are stable; reasons say what is
 * wrong so a disagreement is easy to read.
 */
export interface MalformedQuery {
  readonly id: string;
  readonly query: string;
  readonly what: string;
}

export const MALFORMED: readonly MalformedQuery[] = [
  { id: 'm01', query: 'T | where x ==', what: 'missing right operand' },
  { id: 'm02', query: 'T | where == 5', what: 'missing left operand' },
  { id: 'm03', query: 'T | where x > 1 and', what: 'dangling and' },
  { id: 'm04', query: 'T | project a, , b', what: 'empty list item' },
  { id: 'm05', query: 'T | extend y = ', what: 'missing assigned expression' },
  { id: 'm06', query: "print 'abc", what: 'unterminated single-quoted string' },
  { id: 'm07', query: 'print "abc', what: 'unterminated double-quoted string' },
  { id: 'm08', query: 'print ```abc', what: 'unterminated multi-line string' },
  { id: 'm09', query: 'T | where (x > 1', what: 'unclosed parenthesis' },
  { id: 'm10', query: 'T | where x > 1)', what: 'extra closing parenthesis' },
  { id: 'm11', query: 'print strlen("a"', what: 'unclosed call' },
  { id: 'm12', query: 'T | summarize count() by', what: 'empty by list' },
  { id: 'm13', query: 'T | sort by', what: 'empty sort list' },
  { id: 'm14', query: 'T | take', what: 'take without a count' },
  { id: 'm15', query: 'T | top by x', what: 'top without a count' },
  { id: 'm16', query: 'T |', what: 'pipe without operator' },
  { id: 'm17', query: 'T | | count', what: 'double pipe' },
  { id: 'm18', query: '| where x > 1', what: 'pipeline without a source' },
  { id: 'm19', query: 'T | join (U) on', what: 'join without keys' },
  { id: 'm20', query: 'T | join kind= (U) on x', what: 'join kind without a value' },
  { id: 'm21', query: 'let x = ;\nprint 1', what: 'let without a value' },
  { id: 'm22', query: 'let = 5;\nprint 1', what: 'let without a name' },
  { id: 'm23', query: 'print x = 1 +* 2', what: 'two binary operators in a row' },
  { id: 'm24', query: 'print 1 2', what: 'two expressions without an operator' },
  { id: 'm25', query: 'datatable(a:long) [1, 2', what: 'unclosed datatable rows' },
  { id: 'm26', query: 'datatable(a:long [1]', what: 'unclosed datatable schema' },
  { id: 'm27', query: 'range x from 1 to 10', what: 'range without step' },
  { id: 'm28', query: 'range x from 1 step 1', what: 'range without to' },
  { id: 'm29', query: 'T | where x in (1, 2', what: 'unclosed in list' },
  { id: 'm30', query: 'T | where x between (1 .. )', what: 'between without an upper bound' },
  { id: 'm31', query: 'T | mv-expand', what: 'mv-expand without a column' },
  { id: 'm32', query: 'T | foo', what: 'unknown pipe operator' },
  { id: 'm33', query: 'print datetime(2024-01-01', what: 'unclosed datetime literal' },
  { id: 'm34', query: 'T | extend a = dynamic([1, 2)', what: 'bad dynamic literal' },
  { id: 'm35', query: 'T | where x = = 1', what: 'split comparison operator' },
  { id: 'm36', query: 'T | wher x > 1', what: 'misspelled pipe operator' },
  { id: 'm37', query: 'T | summarize by', what: 'summarize by nothing' },
  { id: 'm38', query: 'T | where x matches 1', what: 'matches without regex' },
  { id: 'm39', query: 'print iff(true, 1, 2', what: 'unclosed iff' },
  { id: 'm40', query: 'T | extend [1] = 2', what: 'non-identifier target' },
  { id: 'm41', query: 'T | where x !has', what: 'negated operator without operand' },
  { id: 'm42', query: 'T | where x > 1 |', what: 'trailing pipe' },
  { id: 'm43', query: 'T | order x', what: 'order without by' },
];
