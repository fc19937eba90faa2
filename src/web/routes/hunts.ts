/**
 * Starting a hunt from the hunts page: which rules (scope) on which data (the server's, a demo
 * fleet, a path under the allowed roots, or uploaded files). The form is multipart (it may carry
 * files); a plain urlencoded post works for every choice but an upload. The CSRF token is the
 * form's first field and is checked before any file is written.
 */
import type { Multipart } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { startHunt } from '../hunt.js';
import {
  type DataChoice,
  DataChoiceError,
  demoChoice,
  pathChoice,
  sizeText,
  type UploadArea,
  UploadReceiver,
} from '../hunt-data.js';
import type { WebRule } from '../model.js';
import { errorPage } from '../pages/error.js';
import { huntProgressJson, huntsPage } from '../pages/hunts.js';
import { originOf } from '../search.js';
import { CSRF_FIELD, CSRF_HEADER } from '../security.js';
import type { WebState } from '../state.js';
import type { ContextOf } from './pages.js';

export interface HuntRouteOptions {
  /** Real paths web hunts may read (the --data paths and --data-root folders). */
  readonly roots: readonly string[];
  readonly uploads: UploadArea;
  readonly uploadLimit: number;
  /** Checks a CSRF token against the request's session cookie. */
  readonly verifyCsrf: (req: FastifyRequest, token: string | undefined) => boolean;
}

/**
 * The rules a hunt form's `scope` names: '' every rule, `origin:<name>` one source, `rule:<id>` one
 * rule. `onlyLoaded`: keep only rules whose tables the hunted data has (decided once it is loaded).
 */
export function huntScope(
  state: WebState,
  scope: string,
): { rules: WebRule[]; spec: string[]; onlyLoaded: boolean } | undefined {
  if (scope === '') return { rules: [...state.rules], spec: [...state.rulesSpec], onlyLoaded: true };
  if (scope.startsWith('origin:')) {
    const o = scope.slice(7);
    const rules = state.rules.filter((r) => originOf(r) === o);
    return rules.length > 0 ? { rules, spec: [`origin:${o}`], onlyLoaded: true } : undefined;
  }
  if (scope.startsWith('rule:')) {
    const r = state.rule(scope.slice(5));
    return r ? { rules: [r], spec: [`rule:${r.rule.id}`], onlyLoaded: false } : undefined;
  }
  return undefined;
}

/** The data choice of the form's plain fields (everything but an upload). */
async function choiceOf(fields: Readonly<Record<string, string>>, o: HuntRouteOptions): Promise<DataChoice> {
  switch (fields.data ?? 'server') {
    case 'server':
      return { kind: 'server' };
    case 'demo':
      return demoChoice(fields.devices, fields.events, fields.seed);
    case 'path':
      return pathChoice(o.roots, fields.path);
    case 'upload':
      throw new DataChoiceError('An upload needs the form sent as multipart/form-data with its files.', 415);
    default:
      throw new DataChoiceError('Choose the data to hunt: that choice is unknown.');
  }
}

/** Reads a multipart hunt form: fields in order, files into a fresh upload folder once the token checked out. */
async function readMultipart(
  req: FastifyRequest,
  o: HuntRouteOptions,
): Promise<{ fields: Record<string, string>; choice: DataChoice }> {
  // No prototype: a field named `__proto__` or `constructor` is just a field.
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  let trusted = typeof req.headers[CSRF_HEADER] === 'string'; // checked by the preHandler hook
  let folder: string | undefined;
  let receiver: UploadReceiver | undefined;
  try {
    for await (const part of req.parts() as AsyncIterable<Multipart>) {
      if (part.type === 'field') {
        const value = typeof part.value === 'string' ? part.value : '';
        if (part.fieldname in fields)
          throw new DataChoiceError(`The field '${part.fieldname.slice(0, 40)}' is given more than once.`);
        fields[part.fieldname] = value;
        if (part.fieldname === CSRF_FIELD) {
          if (!o.verifyCsrf(req, value))
            throw new DataChoiceError('This request was refused: reload the page and try again.', 403);
          trusted = true;
        }
        continue;
      }
      if (!trusted) {
        part.file.resume();
        throw new DataChoiceError('This request was refused: reload the page and try again.', 403);
      }
      if (fields.data !== 'upload') {
        part.file.resume();
        continue;
      }
      if (!receiver) {
        folder = await o.uploads.newFolder();
        receiver = new UploadReceiver(folder, o.uploadLimit);
      }
      await receiver.accept(part);
    }
    if (!trusted) throw new DataChoiceError('This request was refused: reload the page and try again.', 403);
    if (fields.data === 'upload') {
      if (!receiver) throw new DataChoiceError('Choose one or more telemetry files to upload.');
      return { fields, choice: receiver.result() };
    }
    return { fields, choice: await choiceOf(fields, o) };
  } catch (e) {
    if (folder) await o.uploads.release(folder);
    if (e instanceof DataChoiceError) throw e;
    const code = (e as { statusCode?: number; code?: string }).statusCode;
    if (code === 413)
      throw new DataChoiceError(
        `The upload is larger than this server accepts (${sizeText(o.uploadLimit)} in all).`,
        413,
      );
    // A body that is not valid multipart (cut off, bad boundary): the client's fault, not ours.
    req.log.warn({ err: e }, 'unreadable multipart hunt form');
    throw new DataChoiceError('The upload could not be read: the form data is malformed or was cut off.', 400);
  }
}

function refusal(req: FastifyRequest, reply: FastifyReply, ctxOf: ContextOf, e: DataChoiceError) {
  return reply
    .code(e.status)
    .type('text/html; charset=utf-8')
    .send(errorPage(ctxOf(req), e.status, e.message));
}

export function registerHunts(app: FastifyInstance, state: WebState, ctxOf: ContextOf, o: HuntRouteOptions): void {
  app.get('/hunts', async (req, reply) => reply.type('text/html; charset=utf-8').send(huntsPage(ctxOf(req), state, o)));

  // Starts the hunt and shows its page at once; the page follows the progress until it is done.
  app.post('/hunts', async (req, reply) => {
    let fields: Record<string, string>;
    let choice: DataChoice;
    try {
      if (req.isMultipart()) ({ fields, choice } = await readMultipart(req, o));
      else {
        const body = (req.body ?? {}) as Record<string, unknown>;
        fields = Object.fromEntries(
          Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'),
        );
        choice = await choiceOf(fields, o);
      }
      if (choice.kind !== 'server' && state.session.target?.remote)
        throw new DataChoiceError(`Hunts here run on ${state.session.target.address}; choose the server's data.`);
    } catch (e) {
      if (e instanceof DataChoiceError) return refusal(req, reply, ctxOf, e);
      throw e;
    }
    const chosen = huntScope(state, fields.scope ?? '');
    if (!chosen) {
      if (choice.kind === 'upload') await o.uploads.release(choice.dir);
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(errorPage(ctxOf(req), 400, 'Choose rules to hunt with: that choice is unknown.'));
    }
    const runId = await startHunt(state, { ...chosen, data: choice, uploads: o.uploads });
    return reply.redirect(`/hunts/${encodeURIComponent(runId)}`, 303);
  });

  /** The running hunt's progress (phase, files/bytes while loading, rules n/total), or `{running: false}`. */
  app.get('/api/hunts/progress', async () => huntProgressJson(state));
}
