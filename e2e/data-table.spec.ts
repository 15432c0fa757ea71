/**
 * The Data tab's table: the article's three features (which have no plot)
 * show as rows with targets and predictions; a CSV of 100 000 rows keeps only
 * a window of rows in the page, scrolls to its end and sorts.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exampleById } from '../src/model/examples';
import { serializeModel } from '../src/model/serialize';
import { openFile } from './actions';
import { expect, test } from './fixtures';

const ROWS = 100_000;
const SCROLLER = '.bp-datatable .bp-table-wrap';
/**
 * Frame times (ms) of 120 frames that each scroll the table by 400 px, and for comparison of
 * 60 frames that do nothing (the machine's own pace); then scrolls to the end.
 */
const SCROLL_AND_TIME = `(async () => {
  const el = document.querySelector('${SCROLLER}');
  const stats = (t) => {
    t.sort((a, b) => a - b);
    return { median: t[Math.floor(t.length / 2)], p95: t[Math.floor(t.length * 0.95)], max: t[t.length - 1] };
  };
  const frames = async (n, each) => {
    const times = [];
    let last = performance.now();
    for (let i = 0; i < n; i++) {
      each();
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    return stats(times);
  };
  const idle = await frames(60, () => {});
  const scroll = await frames(120, () => { el.scrollTop += 400; });
  el.scrollTop = el.scrollHeight;
  return { idle, scroll };
})()`;

test('the article’s data (three features) shows as a table with predictions', async ({
  page,
  app,
}) => {
  await expect(page.locator('.react-flow__node[data-id="dense1"]')).toBeVisible();
  await page.getByRole('tab', { name: 'Data' }).click();
  const table = page.getByRole('table', { name: 'Data' });
  await expect(table).toHaveAttribute('aria-rowcount', String(64 + 1));
  await expect(table.getByRole('columnheader')).toHaveText([
    /^#/,
    /^x1/,
    /^x2/,
    /^x3/,
    /^true y/,
    /^predicted y/,
  ]);
  await expect(table.locator('tbody tr[aria-rowindex]').first().getByRole('cell')).toHaveCount(5);
  expect(app.pageErrors).toEqual([]);
});

test('100 000 rows: only a window is in the page; it scrolls to the end and sorts', async ({
  page,
  app,
}) => {
  const lines = ['a,b,c,label'];
  for (let i = 0; i < ROWS; i++) {
    const a = i % 2;
    lines.push(`${a},${(i * 7) % 3 === 0 ? 1 : 0},${i % 5 === 0 ? 1 : 0},${a}`);
  }
  // The last row stands out so sorting can find it.
  lines[ROWS] = '9,0,0,1';
  await writeFile(join(app.workDir, 'big.csv'), `${lines.join('\n')}\n`);
  const model = exampleById('article')!.model();
  model.data = {
    csv: 'big.csv',
    features: ['a', 'b', 'c'],
    targets: ['label'],
    validation: 0.1,
  };
  await writeFile(join(app.workDir, 'big.bpmodel'), serializeModel(model));
  await openFile(page, app, 'big.bpmodel');
  await expect(page.locator('.bp-doc-title__name')).toHaveText('big.bpmodel');

  await page.getByRole('tab', { name: 'Data' }).click();
  const table = page.getByRole('table', { name: 'Data' });
  await expect(table).toHaveAttribute('aria-rowcount', String(ROWS + 1), { timeout: 30_000 });
  const bodyRows = table.locator('tbody tr[aria-rowindex]');
  await expect(bodyRows.first()).toBeVisible();
  const inPage = await bodyRows.count();
  expect(inPage).toBeGreaterThan(3);
  expect(inPage).toBeLessThan(60);
  await expect(table.locator('tbody tr.is-validation').first()).toBeVisible();
  await expect(table.getByRole('columnheader', { name: /predicted label/ })).toBeVisible();

  // Scroll in steps as a wheel would, timing the frames, then jump to the end.
  // Chromium's own accounting of the time spent laying out and running script, around the frames.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () =>
    Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]),
    );
  const before = await metrics();
  type Stats = { median: number; p95: number; max: number };
  const { idle, scroll } = (await page.evaluate(SCROLL_AND_TIME)) as { idle: Stats; scroll: Stats };
  const after = await metrics();
  const spent = (name: string) => `${((after[name] - before[name]) * 1000).toFixed(0)} ms`;
  const line = (s: Stats) =>
    `median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;
  console.log(`data table, ${ROWS} rows: frames scrolling 400 px each: ${line(scroll)}`);
  console.log(`  the same page's idle frames, for comparison: ${line(idle)}`);
  console.log(
    `  in all 180 frames: layout ${spent('LayoutDuration')}, script ${spent('ScriptDuration')}, style ${spent('RecalcStyleDuration')}`,
  );
  await expect(table.getByRole('rowheader', { name: new RegExp(`^${ROWS}`) })).toBeVisible();
  expect(await bodyRows.count()).toBeLessThan(60);

  // Sort by a, largest first: the standout row comes to the top.
  await table.getByRole('button', { name: 'a', exact: true }).click();
  await table.getByRole('button', { name: /^a/ }).click();
  await expect(table.getByRole('columnheader', { name: /^a/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  await page.evaluate(`document.querySelector('${SCROLLER}').scrollTop = 0`);
  await expect(bodyRows.first().getByRole('rowheader')).toHaveText(new RegExp(`^${ROWS}`));
  await expect(bodyRows.first().getByRole('cell').first()).toHaveText('9');
  await page.screenshot({ path: 'e2e/artifacts/data-table-1280.png' });
  expect(app.pageErrors).toEqual([]);
});
