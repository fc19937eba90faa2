/**
 * Security for every response and every state-changing request: strict CSP and related headers, a
 * CSRF token bound to a per-browser cookie (HMAC of the cookie under a per-process secret), and
 * Origin / Sec-Fetch-Site checks so cross-site pages cannot POST or PATCH.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // same-origin (not no-referrer): with no-referrer, browsers send `Origin: null` on form POSTs.
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

export const CSRF_COOKIE = 'kqlhunt_session';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

export class Csrf {
  private readonly secret = randomBytes(32);

  /** The token for a session cookie value. */
  tokenFor(session: string): string {
    return createHmac('sha256', this.secret).update(session).digest('base64url');
  }

  verify(session: string | undefined, token: string | undefined): boolean {
    if (!session || !token) return false;
    const want = Buffer.from(this.tokenFor(session));
    const got = Buffer.from(token);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}

export function cookieValue(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The session cookie of the request, issuing one on the reply when the browser has none. */
export function ensureSession(req: FastifyRequest, reply: FastifyReply): string {
  const existing = cookieValue(req, CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{20,64}$/.test(existing)) return existing;
  const fresh = randomBytes(24).toString('base64url');
  reply.header('set-cookie', `${CSRF_COOKIE}=${fresh}; Path=/; HttpOnly; SameSite=Strict`);
  return fresh;
}

/** Why a state-changing request is refused, or undefined when it may proceed. */
export function crossSiteReason(
  req: FastifyRequest,
  csrf: Csrf,
  /** A multipart form carries its token as a field the route reads (before any file): skip it here. */
  tokenInBody = false,
): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site is ${site}`;
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return 'malformed Origin';
    }
    if (host !== req.headers.host) return 'Origin does not match Host';
  } else if (origin === 'null') return 'Origin is null';
  const body = req.body as Record<string, unknown> | undefined;
  const header = req.headers[CSRF_HEADER];
  const token =
    typeof header === 'string'
      ? header
      : typeof body?.[CSRF_FIELD] === 'string'
        ? (body[CSRF_FIELD] as string)
        : undefined;
  if (tokenInBody && typeof header !== 'string') return undefined;
  if (!csrf.verify(cookieValue(req, CSRF_COOKIE), token)) return 'missing or invalid CSRF token';
  return undefined;
}

/* ------------------------------------------------------------------------------------------------
 * Host and Origin allow-list (DNS rebinding) and the access token of a non-loopback server.
 * ---------------------------------------------------------------------------------------------- */

export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '::1'];

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** True for `0.0.0.0` / `::` (every interface). */
export function isWildcardHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === '0.0.0.0' || h === '::' || h === '';
}

/** The host name of a Host header or an Origin URL's host (`[::1]:7300` → `::1`), lower case. */
export function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.lastIndexOf(':');
  return colon > 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

/**
 * Why the request's Host or Origin is not one of ours, or undefined. A page on another origin
 * that rebinds its DNS name to 127.0.0.1 still sends its own name in Host, so checking Host on
 * every request keeps it from reading the app; Origin (when sent) must name one of our hosts too.
 */
export function foreignHostReason(req: FastifyRequest, allowed: ReadonlySet<string>): string | undefined {
  const host = req.headers.host;
  if (typeof host !== 'string' || host === '') return 'no Host header';
  if (!allowed.has(hostnameOf(host))) return 'Host is not an address of this server';
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    try {
      if (!allowed.has(hostnameOf(new URL(origin).host))) return 'Origin is not this server';
    } catch {
      return 'malformed Origin';
    }
  }
  return undefined;
}

export const TOKEN_COOKIE = 'kqlhunt_token';

/** Constant-time comparison of a presented access token with the server's. */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The access token a request presents: `Authorization: Bearer`, then the cookie. */
export function presentedToken(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  return cookieValue(req, TOKEN_COOKIE);
}
