/**
 * The sign-in's handler page (docs/sign-in/index.html), the HTTPS address a local application's "Your handler path"
 * takes: in a real Chromium it hands the browser on to the app on 127.0.0.1 with the same query (code, state, domain,
 * member_id, scope, server_domain), runs only its own script (its CSP hash must match it), loads nothing, and with no
 * query stays where it is. Served here over loopback HTTP, with the app's address pointed at this test's listener.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const PAGE = readFileSync(resolve(import.meta.dirname, '../../docs/sign-in/index.html'), 'utf8');
const SHIPPED_APP = 'http://127.0.0.1:31024/b24-chat-lookup/oauth';

async function serve(
  handle: (request: IncomingMessage) => { status: number; type: string; body: string },
): Promise<{ server: Server; origin: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(request.url ?? '');
    const { status, type, body } = handle(request);
    response.writeHead(status, { 'Content-Type': type });
    response.end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

test("the shipped page hands the browser on to the app's own address on this computer", () => {
  expect(PAGE).toContain(`data-app="${SHIPPED_APP}"`);
  // It names no other place: no script, style, image or font from anywhere.
  expect(PAGE).not.toMatch(/\b(?:src|href)=/);
});

test("with a sign-in's answer in its address it goes on to the app with the same query, and loads nothing else", async ({ page }) => {
  const app = await serve(() => ({ status: 200, type: 'text/html', body: '<p>Sign-in received</p>' }));
  const site = await serve((request) =>
    request.url?.startsWith('/b24-chat-lookup/sign-in/')
      ? { status: 200, type: 'text/html; charset=utf-8', body: PAGE.replace(SHIPPED_APP, `${app.origin}/b24-chat-lookup/oauth`) }
      : { status: 404, type: 'text/plain', body: 'no' },
  );
  try {
    const query =
      '?code=avmocpghblyi01m3h42bljvqtyd19sw1&state=Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg&domain=acme.bitrix24.com' +
      '&member_id=a223c6b3710f85df22e9377d6c4f7553&scope=crm%2Cim&server_domain=oauth.bitrix.info';
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') blocked.push(message.text());
    });
    await page.goto(`${site.origin}/b24-chat-lookup/sign-in/${query}`);
    await expect(page.getByText('Sign-in received')).toBeVisible();
    expect(page.url()).toBe(`${app.origin}/b24-chat-lookup/oauth${query}`);
    expect(app.seen.filter((url) => url !== '/favicon.ico')).toEqual([`/b24-chat-lookup/oauth${query}`]);
    // The page itself asked for nothing (the browser's own favicon request aside), and its CSP let its script run.
    expect(site.seen.filter((url) => url !== '/favicon.ico')).toEqual([`/b24-chat-lookup/sign-in/${query}`]);
    expect(blocked.filter((text) => /Content Security Policy/.test(text))).toEqual([]);
  } finally {
    app.server.close();
    site.server.close();
  }
});

test('opened without a query it stays, saying what to do, in English and Russian', async ({ page }) => {
  const site = await serve(() => ({ status: 200, type: 'text/html; charset=utf-8', body: PAGE }));
  try {
    await page.goto(`${site.origin}/b24-chat-lookup/sign-in/`);
    await expect(page.getByRole('heading', { name: 'Back to B24 Chat Lookup…' })).toBeVisible();
    await expect(page.getByText('Copy the whole address of this page')).toBeVisible();
    await expect(page.getByText('Скопируйте адрес этой страницы')).toBeVisible();
    await page.waitForTimeout(300);
    expect(new URL(page.url()).pathname).toBe('/b24-chat-lookup/sign-in/');
  } finally {
    site.server.close();
  }
});

test.describe('the published copy', () => {
  test('is the file the workflow publishes (docs/ is the site)', () => {
    const workflow = readFileSync(join(import.meta.dirname, '../../.github/workflows/ci.yml'), 'utf8');
    expect(workflow).toMatch(/path: docs/);
  });
});
