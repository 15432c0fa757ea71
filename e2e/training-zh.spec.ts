/**
 * The training panel and the Data dialog in Chinese, as a user whose system
 * speaks Chinese meets them: the window follows the system language, trains,
 * and its settings, plot legend, progress line and the Data dialog's preview
 * read in Chinese without clipped or overflowing text, at two window sizes,
 * light and dark.
 */
import type { Locator, Page } from '@playwright/test';
import { dropFile, eachLook } from './actions';
import { expect, test } from './fixtures';

test.use({ locale: 'zh-CN' });

/** A small CSV: two numeric features, a text class, and one cell that is not a number. */
const CSV = [
  'x,y,kind',
  ...Array.from({ length: 24 }, (_, i) => {
    const x = i === 5 ? 'n/a' : (i / 4).toFixed(2);
    return `${x},${((i * 7) % 5) / 2},${['甲', '乙', '丙'][i % 3]}`;
  }),
].join('\n');

/**
 * Elements among `items` whose text does not fit their box (clipped or spilling out); for a
 * select, its chosen option's text against the room beside the arrow.
 */
async function overflowing(items: Locator): Promise<string[]> {
  return items.evaluateAll((els) => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    const tooWide = (el: Element) => {
      if (el.tagName !== 'SELECT') {
        return el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      }
      const select = el as HTMLSelectElement;
      const style = getComputedStyle(select);
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = select.selectedOptions[0]?.textContent ?? '';
      // The arrow takes about 20 px beside the padding.
      const room =
        select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
      return ctx.measureText(text).width > room;
    };
    return els.filter(tooWide).map((el) => `${el.tagName} ${el.className}: ${el.textContent}`);
  });
}

/** View ▸ Language ▸ `name` (the menus may read in English or in Chinese). */
async function chooseLanguage(page: Page, name: string) {
  await page
    .getByRole('menubar')
    .getByRole('menuitem', { name: /^(View|视图)$/ })
    .click();
  await page
    .getByRole('menu')
    .last()
    .getByRole('menuitem', { name: /^(Language|语言)/ })
    .click();
  await page.getByRole('menu').last().getByRole('menuitemradio', { name }).click();
}

/** `eachLook`, naming each look as this spec's screenshots are named: `1280`, `1280-dark`, … */
const eachShot = (page: Page, shoot: (name: string) => Promise<void>) =>
  eachLook(page, ({ width }, scheme) => shoot(`${width}${scheme === 'dark' ? '-dark' : ''}`));

test('trains in Chinese: settings, legend, progress and the Data dialog read in Chinese and fit', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  const training = page.getByRole('toolbar', { name: '训练' });
  const full = training.getByRole('button', { name: '全速', exact: true });
  if ((await full.getAttribute('aria-pressed')) !== 'true') await full.click();
  await expect(full).toHaveAttribute('aria-pressed', 'true');
  await training.getByRole('button', { name: '训练', exact: true }).click();
  await expect(page.getByTestId('training-state')).toHaveText('已完成', { timeout: 60_000 });
  // The session's ending, worded in the window's language.
  await expect(page.locator('.bp-banner')).toContainText('已训练 1000 轮。');
  const facts = page.locator('.bp-progress__facts');
  await expect(facts).toHaveAttribute('aria-label', '训练进度');
  await expect(facts).toContainText('样本/秒');

  // The loss plot: uPlot's legend and axes carry the catalogue's labels.
  await page.getByRole('tab', { name: '损失' }).click();
  const chart = page.getByRole('img', { name: '每轮的损失' });
  await expect(chart.locator('.u-legend .u-label')).toHaveText(['轮', '运行 1 损失']);
  await expect(page.getByRole('region', { name: '运行记录' })).toContainText('运行 1');
  await eachShot(page, async (name) => {
    expect(await overflowing(page.locator('.bp-tabs [role="tab"], .bp-train-btn'))).toEqual([]);
    await page.screenshot({ path: `e2e/artifacts/training-zh-loss-${name}.png` });
  });

  // A language switch relabels the chart made before it, and the tabs, without a reload.
  const labels = chart.locator('.u-legend .u-label');
  await chooseLanguage(page, 'English');
  await expect(
    page.getByRole('img', { name: 'Loss per epoch' }).locator('.u-legend .u-label'),
  ).toHaveText(['epoch', 'Run 1 loss']);
  await expect(page.getByRole('tab', { name: 'Settings' })).toBeVisible();
  await chooseLanguage(page, '简体中文');
  await expect(labels).toHaveText(['轮', '运行 1 损失']);

  // The settings grid: 学习率, 批量梯度下降 … with their notes.
  await page.getByRole('tab', { name: '设置' }).click();
  const form = page.getByRole('form', { name: '训练设置' });
  await expect(form.getByLabel('学习率')).toBeVisible();
  await expect(form.getByLabel('轮数')).toBeVisible();
  await expect(form.getByLabel('梯度下降方式').locator('option')).toHaveText([
    '批量梯度下降（全部）',
    '随机梯度下降（逐个）',
    '小批量',
  ]);
  // Every kind of descent fits its select at the narrower window.
  const descent = form.getByLabel('梯度下降方式');
  for (const kind of ['stochastic', 'mini', 'full']) {
    await descent.selectOption(kind);
    expect(await overflowing(descent)).toEqual([]);
  }
  await eachShot(page, async (name) => {
    expect(await overflowing(form.locator('.bp-field__label, select, input'))).toEqual([]);
    await page.screenshot({ path: `e2e/artifacts/training-zh-settings-${name}.png` });
  });

  // The weights over time and the predictions table.
  await page.getByRole('tab', { name: '权重' }).click();
  const weights = page.getByRole('img', { name: 'dense1 的权重和偏置随时间的变化' });
  await expect(weights.locator('.u-legend .u-label').first()).toHaveText('更新');
  await page.getByRole('tab', { name: '预测' }).click();
  const predictions = page.getByRole('table', { name: '预测' });
  await expect(predictions.getByRole('columnheader', { name: '样本' })).toBeVisible();
  await expect(page.locator('.bp-predictions__summary')).toContainText('训练样本：');
  await eachShot(page, async (name) => {
    await page.getByRole('tab', { name: '权重' }).click();
    await expect(weights).toBeVisible();
    await page.screenshot({ path: `e2e/artifacts/training-zh-weights-${name}.png` });
    await page.getByRole('tab', { name: '预测' }).click();
    await expect(predictions).toBeVisible();
    await page.screenshot({ path: `e2e/artifacts/training-zh-predictions-${name}.png` });
  });

  // One update at a time (eachLook has left the window at 1280 × 800, light): the card walks an
  // update in three parts, worded in Chinese.
  await training.getByRole('combobox', { name: '速度' }).selectOption({ label: '逐次更新' });
  const card = page.getByRole('region', { name: '逐次更新' });
  const next = card.getByRole('button', { name: '下一步' });
  await next.click();
  await expect(card).toHaveAttribute('data-phase', 'forward');
  await expect(card).toContainText('第 1 次更新');
  await expect(card).toContainText('这一批上的损失');
  await next.click();
  await next.click();
  await expect(card).toHaveAttribute('data-phase', 'update');
  await expect(card.locator('caption').first()).toContainText('更新前');
  await page.screenshot({ path: 'e2e/artifacts/training-zh-walk-1280.png' });

  // The Data dialog over the trained window: a dropped CSV's preview, types and the bad cell.
  await dropFile(page, 'kinds.csv', CSV, 'text/csv');
  const dialog = page.getByRole('dialog', { name: '数据' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('columnheader', { name: /^kind/ })).toContainText(
    '类别（3 种）：甲, 乙, 丙',
  );
  await expect(dialog.getByRole('columnheader', { name: /^x/ })).toContainText('1 个无效单元格');
  await expect(dialog.getByText('kinds.csv：24 行，3 列')).toBeVisible();
  await expect(dialog.getByRole('button', { name: '应用' })).toBeVisible();
  await eachShot(page, async (name) => {
    expect(
      await overflowing(dialog.locator('button, label, legend, .bp-datapanel__tabs [role="tab"]')),
    ).toEqual([]);
    await page.screenshot({ path: `e2e/artifacts/training-zh-data-${name}.png` });
  });
});
