import { expect, test } from './fixtures';

/** What the page's global scope offers (e2e type-checks without the DOM library). */
interface PageGlobals {
  host?: { kind: string; listExamples(): Promise<{ id: string }[]> };
  sessionStorage: { getItem(key: string): string | null };
}

test('the app opens on a new document with the canvas and its title', async ({ page, app }) => {
  await expect(page.locator('.react-flow')).toBeVisible();
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  // The window (or tab) title names the document and the app.
  await expect(page).toHaveTitle(/.+ — Backprop Studio$/);
  // The strict Content-Security-Policy lets the app run: nothing it needs was blocked.
  expect(app.pageErrors.filter((e) => /Content.Security.Policy/i.test(e))).toEqual([]);
  if (app.kind === 'web') {
    // The access token moved from the address to the tab's storage.
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  }
});

test('the host serves the page its operations, and only with the token', async ({ page, app }) => {
  await expect(page.locator('.react-flow')).toBeVisible();
  const answer = await page.evaluate(async () => {
    const g = globalThis as unknown as PageGlobals;
    if (g.host) return { ids: (await g.host.listExamples()).map((e) => e.id), refused: 401 };
    const call = (token: string) =>
      fetch('/api/invoke/examples:list', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bps-token': token },
        body: '[]',
      });
    const ok = await call(g.sessionStorage.getItem('backprop-studio.token') ?? '');
    const body = (await ok.json()) as { result: { id: string }[] };
    return { ids: body.result.map((e) => e.id), refused: (await call('wrong')).status };
  });
  expect(answer.ids).toEqual(expect.arrayContaining(['article', 'xor']));
  if (app.kind === 'web') expect(answer.refused).toBe(401);
});
