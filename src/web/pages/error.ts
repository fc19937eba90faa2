/** Generic error pages: no stack traces or internal detail ever reach the browser. */
import { html } from '../html.js';
import { type PageContext, page } from '../layout.js';

export function errorPage(ctx: PageContext, status: number, message: string): string {
  const body = html`<h1>${status === 404 ? 'Not found' : 'Something went wrong'}</h1>
<p>${message}</p><p><a href="/">Back to the feed</a></p>`;
  return page(ctx, status === 404 ? 'Not found' : 'Error', 'error', body);
}
