/**
 * `kqlhunt rules deploy ID --target sentinel://… | defender://`: the catalog rule, tuned by its
 * enabled exclusions, as a Sentinel scheduled analytics rule or a Defender custom detection.
 * --dry-run prints the request (method, URL, body) and calls nothing.
 */
import { tunedRule } from '../../hunts/exclusions.js';
import type { Store } from '../../store/index.js';
import { EXIT_OK, EXIT_QUERY_ERRORS, UsageError } from '../exit.js';
import { requireRule } from './rules-shared.js';

export interface DeployFlags {
  readonly target?: string;
  readonly auth?: string;
  readonly dryRun?: boolean;
  readonly frequency?: string;
  readonly period?: string;
  readonly disabled?: boolean;
  readonly db?: string;
}

export async function deployCommand(store: Store, id: string, opts: DeployFlags): Promise<number> {
  if (!opts.target)
    throw new UsageError('--target is required: sentinel://<subscription>/<resource-group>/<workspace> or defender://');
  const { parseTargetAddress, parseAuthMethod, AUTH_METHODS } = await import('../../targets/index.js');
  const deploy = await import('../../targets/deploy.js');
  const parsed = parseTargetAddress(opts.target);
  if (!parsed.ok) throw new UsageError(`--target: ${parsed.error}`);
  const addr = parsed.value;
  if (addr.kind !== 'sentinel' && addr.kind !== 'defender')
    throw new UsageError(
      '--target: rules deploy writes to sentinel://<subscription>/<resource-group>/<workspace> or defender://',
    );
  const c = requireRule(store, id);
  const rule = { ...c.rule, exclusions: store.ruleExclusions(c.id) };
  const tuned = tunedRule(rule, true);
  for (const [xid, message] of tuned.errors) process.stderr.write(`exclusion ${xid} left out: ${message}\n`);
  let req: ReturnType<typeof deploy.sentinelRequest>;
  try {
    const o = {
      query: tuned.query,
      ...(opts.frequency ? { frequency: opts.frequency } : {}),
      ...(opts.period ? { period: opts.period } : {}),
      enabled: !opts.disabled,
    };
    req = addr.kind === 'sentinel' ? deploy.sentinelRequest(rule, addr, o) : deploy.defenderRequest(rule, addr, o);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  for (const p of req.problems) process.stderr.write(`warning: ${p}\n`);
  if (opts.dryRun) {
    process.stdout.write(`${JSON.stringify({ method: req.method, url: req.url, body: req.body }, null, 2)}\n`);
    return EXIT_OK;
  }
  if (addr.kind === 'defender' && req.problems.length > 0) {
    process.stderr.write(
      'kqlhunt: not deployed: Defender would refuse this rule (see the warnings; --dry-run shows the body)\n',
    );
    return EXIT_QUERY_ERRORS;
  }
  const authText = opts.auth ?? process.env.KQLHUNT_AUTH;
  const auth = parseAuthMethod(authText) ?? 'default';
  if (authText && !parseAuthMethod(authText))
    throw new UsageError(`--auth: '${authText}' is not one of ${AUTH_METHODS.join(', ')}`);
  if (auth === 'none') throw new UsageError('--auth none cannot deploy: Azure needs credentials');
  const { credentialFor } = await import('../../targets/auth.js');
  const credential = (await credentialFor(auth, (l) => process.stderr.write(`${l}\n`)))!;
  const created = await deploy.sendDeploy(req, addr, credential);
  process.stdout.write(`deployed ${c.id} (${c.name}) to ${addr.text}${created ? ` as ${created}` : ''}\n`);
  return EXIT_OK;
}
