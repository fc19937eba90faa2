/**
 * The JSON Schema of rule test files (format v1; docs/testing.md). docs/rule-tests.schema.json is
 * this object written out, and a test keeps the two equal. Draft-07, so any validator reads it.
 * Optional extensions beyond the shared contract: `rule` on a test (which rule of a multi-rule file
 * it is for) and a top-level `exclusions` list (the tuning under test, exclusions storage format).
 */
export const RULE_TESTS_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:kqlhunt:rule-tests:v1',
  title: 'kqlhunt rule tests (v1)',
  description:
    'Tests of a detection rule: a sidecar <rule>.tests.yaml next to the rule, or the value of a top-level tests: key in the rule file.',
  type: 'object',
  required: ['tests'],
  additionalProperties: false,
  properties: {
    tests: { type: 'array', items: { $ref: '#/definitions/test' } },
    exclusions: {
      description:
        "Exclusions (the 'rules exclusions export' entry format) the tests run with when exclusions are enabled; they override stored ones with the same id.",
      type: 'array',
      items: { $ref: '#/definitions/exclusion' },
    },
  },
  definitions: {
    test: {
      type: 'object',
      required: ['name', 'expect'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1, description: 'Unique within the file.' },
        rule: {
          type: 'string',
          minLength: 1,
          description: 'Id or name of the rule the test is for, when the file holds several.',
        },
        now: {
          type: 'string',
          description: 'ISO 8601 instant now() returns; default: the latest event of the input.',
        },
        exclusions: {
          enum: ['enabled', 'disabled'],
          description:
            "enabled (default): the rule's enabled exclusions apply, as in a hunt; disabled: the upstream query.",
        },
        input: {
          type: 'object',
          additionalProperties: false,
          properties: {
            tables: {
              type: 'object',
              description: 'Rows per table; columns by name, values as in JSON output. Unknown columns are kept.',
              additionalProperties: { type: 'array', items: { type: 'object' } },
            },
            files: {
              type: 'array',
              description: 'Telemetry files (any --data format), relative to the tests file.',
              items: { type: 'string', minLength: 1 },
            },
          },
        },
        expect: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          anyOf: [{ required: ['fires'] }, { required: ['count'] }, { required: ['rows'] }],
          properties: {
            fires: { type: 'boolean', description: 'true: at least one result row; false: none.' },
            count: { type: 'integer', minimum: 0, description: 'Exact number of result rows.' },
            rows: { type: 'array', items: { type: 'object' }, description: 'Expected rows, on the columns they list.' },
            match: {
              enum: ['subset', 'exact'],
              description:
                'subset (default): each expected row matches a distinct result row; exact: also no other result rows.',
            },
          },
        },
      },
    },
    exclusion: {
      type: 'object',
      required: ['id', 'expression'],
      additionalProperties: false,
      properties: {
        id: { type: 'string', minLength: 1 },
        scenario: { type: 'string' },
        description: { type: 'string' },
        expression: { type: 'string' },
        enabled: { type: 'boolean' },
        source: { enum: ['knowledge-base', 'user', 'upstream'] },
      },
    },
  },
} as const;
