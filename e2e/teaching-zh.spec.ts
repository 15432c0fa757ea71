/**
 * Step mode, the probe and the fit tab in Chinese: a window whose system
 * language is Chinese (`locale: 'zh-CN'`) opens on the article's network,
 * steps to δ of the last layer, probes a sample and shows the fit, in the
 * catalogue's Chinese with the formulas typeset as in English. Screenshots at
 * 1280×800 and 1920×1080, light and dark, go to e2e/artifacts/teaching-zh/.
 *
 * Controls other areas word (the toolbar, the tabs) are found by their text
 * in either language: the Chinese of every catalogue key whose English is the
 * name, or the English itself while that key is not there yet.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { eachLook } from './actions';
import { expect, test } from './fixtures';
import { repoRoot } from './paths';

test.use({ locale: 'zh-CN' });

const shots = join(repoRoot, 'e2e/artifacts/teaching-zh');

type Tree = { [key: string]: string | Tree };

/** A language's catalogue, every area (the files themselves: Playwright's loader takes no JSON imports). */
function catalogue(language: string): Tree {
  const dir = join(repoRoot, 'src/i18n/locales', language);
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
  );
}

function leaves(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else leaves(v, key, out);
  }
  return out;
}

const en = leaves(catalogue('en'));
const zh = leaves(catalogue('zh-CN'));
const zhSteps = catalogue('zh-CN').steps as { panel: Record<string, string> };
const zhTeaching = catalogue('zh-CN').teaching as {
  probe: Record<string, string>;
  fit: Record<string, string>;
  table: Record<string, string>;
  neuron: Record<string, string> & { status: Record<string, string> };
};
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The English name or any Chinese the catalogue gives it, as an exact-match pattern. */
function named(english: string): RegExp {
  const names = new Set([english]);
  for (const [key, text] of en) if (text === english && zh.has(key)) names.add(zh.get(key)!);
  return new RegExp(`^(${[...names].map(escape).join('|')})$`);
}

const panel = (page: Page) => page.getByRole('region', { name: zhSteps.panel.region });
const current = (page: Page) => panel(page).getByRole('article', { name: zhSteps.panel.current });

/** Screenshots of the window at both sizes in both schemes; checks nothing in `scope` is cut off. */
async function shoot(page: Page, name: string, scope: ReturnType<Page['locator']>) {
  await eachLook(page, async (size, scheme) => {
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(shots, `${name}-${size.width}-${scheme}.png`) });
    if (scheme === 'light') return;
    // No text of the view runs past its box sideways (a clipped word or formula).
    const clipped = await scope.evaluate((root) =>
      [...root.querySelectorAll<HTMLElement>('*')]
        .filter((el) => {
          const style = getComputedStyle(el);
          // KaTeX's MathML twin is hidden on purpose (for screen readers).
          if (el.closest('.katex-mathml')) return false;
          return (
            el.scrollWidth > el.clientWidth + 1 &&
            (style.overflowX === 'hidden' || style.overflowX === 'clip') &&
            el.clientWidth > 0
          );
        })
        .map((el) => `${el.className}: ${el.textContent?.slice(0, 60)}`),
    );
    expect(clipped, `clipped at ${size.width}×${size.height}`).toEqual([]);
  });
}

test('step mode, the probe and the fit tab speak Chinese', async ({ page, app }) => {
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('.react-flow__node[data-id="dense2"]')).toBeVisible();

  await page.getByRole('button', { name: named('Step through') }).click();
  await expect(panel(page).getByRole('heading', { level: 2 })).toHaveText(zhSteps.panel.heading);
  await expect(current(page).getByRole('heading', { level: 3 })).toHaveText('输入：这一批样本');
  await expect(panel(page)).toContainText('数据集的全部 64 个样本');
  await expect(panel(page)).toContainText('每一列是一个样本');
  // δ of the last layer: the output activation's backward step.
  for (let i = 0; i < 20; i++) {
    if ((await current(page).getAttribute('data-step')) === 'backward:act2') break;
    await page.keyboard.press('ArrowRight');
  }
  await expect(current(page)).toHaveAttribute('data-step', 'backward:act2');
  await expect(current(page).getByRole('heading', { level: 3 })).toHaveText(
    'δ⁽²⁾ 经过 act2：sigmoid',
  );
  await expect(current(page)).toContainText('从损失传来的梯度');
  await expect(panel(page).getByRole('listitem').filter({ hasText: '反向传播' })).toHaveAttribute(
    'aria-current',
    'step',
  );
  const formula = current(page).getByTestId('step-formula');
  await expect(formula.locator('.katex').first()).toBeVisible();
  await expect(formula.locator('.katex-error')).toHaveCount(0);
  // The formula is the English one: its LaTeX source rides in KaTeX's MathML annotation.
  await expect(formula.locator('annotation').first()).toContainText(
    "\\boldsymbol{\\delta}^{(2)} = \\frac{\\partial L}{\\partial \\mathbf{a}^{(2)}} \\odot \\sigma'",
  );
  await shoot(page, 'step-delta', panel(page));
  await panel(page).getByRole('button', { name: zhSteps.panel.close }).click();
  await expect(panel(page)).toBeHidden();

  await page.getByRole('tab', { name: named('Probe') }).click();
  const form = page.getByRole('form', { name: zhTeaching.probe.form });
  await expect(form).toBeVisible();
  await expect(form).toContainText(zhTeaching.probe.fill);
  await expect(page.getByText('使用未训练的权重（由随机种子生成）。')).toBeVisible();
  await form.getByLabel('x2', { exact: true }).fill('一');
  await expect(page.getByText('x2：“一”不是数。')).toBeVisible();
  await form.getByLabel('x2', { exact: true }).fill('0');
  await page.getByRole('button', { name: zhTeaching.probe.show }).click();
  await expect(page.getByTestId('edge-probe-e1')).toBeVisible();
  await expect(page.getByRole('button', { name: zhTeaching.probe.hide })).toBeVisible();
  await shoot(page, 'probe', page.locator('#bp-tabpanel'));

  await page.getByRole('tab', { name: named('Fit') }).click();
  const tab = page.locator('#bp-tabpanel');
  await expect(tab.getByRole('button', { name: zhTeaching.fit.savePng }).first()).toBeVisible();
  await shoot(page, 'fit', tab);

  // The article's three features have no plot: the Data tab shows the table, headed in Chinese.
  await page.getByRole('tab', { name: named('Data') }).click();
  const table = page.getByRole('table', { name: zhTeaching.table.label });
  await expect(table.getByRole('columnheader')).toHaveText([
    '#',
    'x1',
    'x2',
    'x3',
    '真实 y',
    '预测 y',
  ]);

  // The neuron view: its status line is drawn outside React, in Chinese too.
  await page
    .locator('.react-flow__node[data-id="dense1"]')
    .getByRole('button', { name: zhTeaching.neuron.title })
    .click();
  const view = page.getByRole('dialog', { name: new RegExp(zhTeaching.neuron.title) });
  await expect(view).toContainText(zhTeaching.neuron.status.initial);
  const heat = view.getByRole('img', { name: 'dense1 的 W：5 × 3 热力图', exact: true });
  await heat.hover({ position: { x: 3, y: 3 } });
  await expect(view.getByRole('tooltip')).toHaveText(/^W\[神经元 1，输入 1\] = -?\d/);
  await shoot(page, 'neuron', view);
  expect(app.pageErrors).toEqual([]);
});
