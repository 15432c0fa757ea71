/**
 * The image and regularisation kinds as a user meets them, in English and in
 * Chinese: drag each from its palette section, wire an image network
 * (input 8 × 8 × 1 → conv → pools → dropout → batch norm → flatten → layer norm),
 * edit every new parameter in the inspector (a bad value refused), and see the
 * faces and the edge shapes (`m × 8 × 8 × 8`) follow. Nothing is clipped: no
 * palette name, face line or edge label is wider than its box. Screenshots at
 * 1280×800 and 1920×1080, light and dark, go to e2e/artifacts/new-kinds/ to be
 * looked at. Then step mode opens on a small CNN and reads its conv step.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { exampleById } from '../src/model/examples';
import { serializeModel } from '../src/model/serialize';
import { clearCanvas, connect, eachLook, node, openFile } from './actions';
import { expect, test } from './fixtures';
import { repoRoot } from './paths';

const shots = join(repoRoot, 'e2e/artifacts/new-kinds');

type Catalogue = Record<string, Record<string, unknown>>;
const catalogue = (lang: string, area: string): Catalogue =>
  JSON.parse(
    readFileSync(join(repoRoot, `src/i18n/locales/${lang}/${area}.json`), 'utf8'),
  ) as Catalogue;

/** The words the test looks for, from the window's language's catalogue. */
function words(lang: 'en' | 'zh-CN') {
  const kinds = catalogue(lang, 'kinds');
  const panels = catalogue(lang, 'panels') as unknown as {
    palette: { label: string; groups: Record<string, string> };
    inspector: { title: string };
  };
  const label = (kind: string) => kinds[kind].label as string;
  const param = (kind: string, name: string) =>
    (kinds[kind].params as Record<string, { label: string }>)[name].label;
  const fit = catalogue(lang, 'canvas').fit as unknown as string;
  return { label, param, palette: panels.palette, inspector: panels.inspector.title, fit };
}

type Words = ReturnType<typeof words>;

const pane = (page: Page) => page.locator('.react-flow__pane');
const edgeLabel = (page: Page, source: string, target: string) =>
  page.locator(`.bp-edge-label[data-edge-id="e-${source}-${target}-1"]`);

async function setField(page: Page, w: Words, nodeId: string, field: string, value: string) {
  await node(page, nodeId).locator('.bp-node__header').click();
  const inspector = page.getByRole('region', { name: w.inspector });
  await expect(inspector.getByText(nodeId, { exact: true })).toBeVisible();
  const input = inspector.getByLabel(field, { exact: true });
  if ((await input.evaluate((el) => el.tagName)) === 'SELECT') {
    await input.selectOption(value);
  } else {
    await input.fill(value);
    await input.press('Enter');
  }
}

/** Texts wider (or, for two-line palette names, taller) than their box. */
function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const sel =
      '.bp-palette__label, .bp-palette__group-title, .bp-node__label, .bp-face-main, .bp-face-sub, .bp-edge-label, .bp-field__label';
    for (const el of document.querySelectorAll<HTMLElement>(sel)) {
      if (!el.checkVisibility()) continue;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
        out.push(`${el.className}: “${el.textContent}” ${el.scrollWidth}>${el.clientWidth}`);
    }
    return out;
  });
}

async function shoot(page: Page, w: Words, name: string) {
  await mkdir(shots, { recursive: true });
  await eachLook(page, async (size, scheme) => {
    await page.getByTestId('rf__controls').getByRole('button', { name: w.fit }).click();
    await page.waitForTimeout(350);
    expect(await clipped(page), `${name} ${size.width} ${scheme}`).toEqual([]);
    await page.screenshot({ path: join(shots, `${name}-${size.width}-${scheme}.png`) });
  });
}

async function buildImageNetwork(page: Page, w: Words, lang: string) {
  const palette = page.getByRole('navigation', { name: w.palette.label });
  await expect(node(page, 'loss')).toBeVisible();
  await clearCanvas(page);

  // The palette has its sections, and no name is cut.
  for (const group of Object.values(w.palette.groups))
    await expect(palette.getByRole('heading', { name: group, exact: true })).toBeVisible();
  expect(await clipped(page)).toEqual([]);

  const kinds = [
    'input',
    'conv2d',
    'maxpool2d',
    'avgpool2d',
    'dropout',
    'batchnorm',
    'flatten',
    'layernorm',
  ];
  await test.step('drag each kind from the palette', async () => {
    for (const [i, kind] of kinds.entries()) {
      const at = { x: 30 + (i % 3) * 290, y: 110 + Math.floor(i / 3) * 130 };
      await palette
        .getByRole('button', { name: w.label(kind), exact: true })
        .dragTo(pane(page), { targetPosition: at });
      await expect(node(page, `${kind}1`)).toBeVisible();
    }
    for (let i = 1; i < kinds.length; i++) {
      const [from, to] = [`${kinds[i - 1]}1`, `${kinds[i]}1`];
      // A long drag back across the canvas now and then misses the handle: try again.
      await expect(async () => {
        if ((await edgeLabel(page, from, to).count()) === 0) await connect(page, from, to);
        await expect(edgeLabel(page, from, to)).toBeVisible({ timeout: 2000 });
      }).toPass({ timeout: 15_000 });
    }
  });

  await test.step('the input becomes an 8 × 8 image', async () => {
    await setField(page, w, 'input1', w.param('input', 'height'), '8');
    await setField(page, w, 'input1', w.param('input', 'width'), '8');
    // Features (2, from the data) do not fit 8 · 8 · 1: the inspector offers the product.
    const fill = page
      .getByRole('region', { name: w.inspector })
      .getByRole('button', { name: /= 64$/ });
    await expect(fill).toBeVisible();
    await fill.click();
    await expect(fill).toBeHidden();
    await expect(edgeLabel(page, 'input1', 'conv2d1')).toContainText('m × 8 × 8 × 1');
  });

  await test.step('conv: filters, kernel, stride, padding', async () => {
    const conv = node(page, 'conv2d1');
    await expect(conv.getByTestId('w-shape')).toHaveText('W: 3 × 3 × 1 × 8, b');
    await expect(edgeLabel(page, 'conv2d1', 'maxpool2d1')).toContainText('m × 8 × 8 × 8');
    await setField(page, w, 'conv2d1', w.param('conv2d', 'filters'), '4');
    await setField(page, w, 'conv2d1', w.param('conv2d', 'kernel'), '5');
    await expect(conv.getByTestId('w-shape')).toHaveText('W: 5 × 5 × 1 × 4, b');
    await setField(page, w, 'conv2d1', w.param('conv2d', 'padding'), 'valid');
    await expect(conv.getByTestId('window')).toContainText('5×5');
    await expect(conv.getByTestId('window')).toContainText('valid');
    await expect(edgeLabel(page, 'conv2d1', 'maxpool2d1')).toContainText('m × 4 × 4 × 4');
    await setField(page, w, 'conv2d1', w.param('conv2d', 'kernel'), '3');
    await setField(page, w, 'conv2d1', w.param('conv2d', 'padding'), 'same');
    await setField(page, w, 'conv2d1', w.param('conv2d', 'stride'), '2');
    await expect(edgeLabel(page, 'conv2d1', 'maxpool2d1')).toContainText('m × 4 × 4 × 4');
    await setField(page, w, 'conv2d1', w.param('conv2d', 'stride'), '1');
    await setField(page, w, 'conv2d1', w.param('conv2d', 'filters'), '8');
    await expect(conv.getByTestId('w-shape')).toHaveText('W: 3 × 3 × 1 × 8, b');
    // A bad value is refused with a message and never reaches the face.
    await setField(page, w, 'conv2d1', w.param('conv2d', 'filters'), '0');
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(conv.getByTestId('w-shape')).toHaveText('W: 3 × 3 × 1 × 8, b');
  });

  await test.step('pools: size, stride, padding', async () => {
    await expect(edgeLabel(page, 'maxpool2d1', 'avgpool2d1')).toContainText('m × 4 × 4 × 8');
    await setField(page, w, 'avgpool2d1', w.param('avgpool2d', 'stride'), '1');
    await setField(page, w, 'avgpool2d1', w.param('avgpool2d', 'padding'), 'same');
    await expect(node(page, 'avgpool2d1').getByTestId('move')).toContainText('1 · same');
    await expect(edgeLabel(page, 'avgpool2d1', 'dropout1')).toContainText('m × 4 × 4 × 8');
    await setField(page, w, 'maxpool2d1', w.param('maxpool2d', 'size'), '4');
    await expect(node(page, 'maxpool2d1').getByTestId('window')).toHaveText('4×4');
    await expect(edgeLabel(page, 'maxpool2d1', 'avgpool2d1')).toContainText('m × 2 × 2 × 8');
    await setField(page, w, 'maxpool2d1', w.param('maxpool2d', 'size'), '2');
  });

  await test.step('dropout, batch norm, flatten, layer norm', async () => {
    await setField(page, w, 'dropout1', w.param('dropout', 'rate'), '2');
    await expect(page.getByRole('alert')).toBeVisible();
    await setField(page, w, 'dropout1', w.param('dropout', 'rate'), '0.25');
    await expect(node(page, 'dropout1').getByTestId('rate')).toContainText('0.25');
    await setField(page, w, 'batchnorm1', w.param('batchnorm', 'momentum'), '0.9');
    await expect(node(page, 'batchnorm1').getByTestId('learned')).toContainText('8');
    await expect(node(page, 'batchnorm1').getByTestId('running')).toContainText('8');
    await expect(node(page, 'flatten1').getByTestId('flatten')).toHaveText('4 × 4 × 8 → 128');
    await expect(edgeLabel(page, 'flatten1', 'layernorm1')).toContainText('m × 128');
    await setField(page, w, 'layernorm1', w.param('layernorm', 'epsilon'), '0.00001');
    await expect(node(page, 'layernorm1').getByTestId('learned')).toContainText('128');
  });

  await node(page, 'conv2d1').locator('.bp-node__header').click();
  await shoot(page, w, `cnn-${lang}`);
}

test.describe('English', () => {
  test('each new kind from the palette, edited in the inspector, on its face and edges', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await buildImageNetwork(page, words('en'), 'en');

    // Quick add (double-click the canvas) finds the new kinds by name, in palette order.
    const box = (await pane(page).boundingBox())!;
    await page.mouse.dblclick(box.x + box.width * 0.7, box.y + box.height - 40);
    const quick = page.getByRole('dialog', { name: 'Add a node' });
    await quick.getByRole('combobox').fill('pool');
    await expect(quick.getByRole('option')).toHaveText([/^MaxPool2D/, /^AvgPool2D/]);
    await page.keyboard.press('Enter');
    await expect(node(page, 'maxpool2d2')).toBeVisible();
  });

  test('step mode opens on a small CNN and reads its conv step', async ({ page, app }) => {
    const model = exampleById('xor')!.model();
    const pixels = Array.from({ length: 16 }, (_, i) => `p${i}`);
    const rows = Array.from({ length: 8 }, (_, r) =>
      [...pixels.map((_, i) => ((r * 7 + i * 3) % 5) / 4), r % 2].join(','),
    );
    await mkdir(join(app.workDir, 'data'), { recursive: true });
    await writeFile(
      join(app.workDir, 'data', 'tiny.csv'),
      [[...pixels, 'label'].join(','), ...rows].join('\n'),
    );
    model.data = { csv: 'data/tiny.csv', features: pixels, targets: ['label'] };
    model.graph = {
      nodes: [
        { id: 'input', kind: 'input', params: { features: 16, height: 4, width: 4 } },
        { id: 'conv', kind: 'conv2d', params: { filters: 2, kernel: 3 } },
        { id: 'pool', kind: 'maxpool2d', params: { size: 2 } },
        { id: 'flat', kind: 'flatten', params: {} },
        { id: 'dense', kind: 'dense', params: { units: 1 } },
        { id: 'act', kind: 'activation', params: { fn: 'sigmoid' } },
        { id: 'loss', kind: 'loss', params: { fn: 'bce' } },
      ],
      edges: ['input', 'conv', 'pool', 'flat', 'dense', 'act', 'loss']
        .slice(1)
        .map((target, i, all) => ({
          id: `e${i + 1}`,
          source: i === 0 ? 'input' : all[i - 1],
          target,
        })),
    };
    delete model.weights;
    await writeFile(join(app.workDir, 'tiny-cnn.bpmodel'), serializeModel(model));
    await openFile(page, app, 'tiny-cnn.bpmodel');
    await expect(node(page, 'conv')).toBeVisible();
    await expect(page.locator('.bp-edge-label[data-edge-id="e1"]')).toContainText('m × 4 × 4 × 1');

    await page
      .getByRole('toolbar', { name: 'Editor' })
      .getByRole('button', { name: 'Step through' })
      .click();
    const panel = page.getByRole('region', { name: 'Step through one update' });
    const current = panel.getByRole('article', { name: 'Current step' });
    await expect(current).toHaveAttribute('data-step', 'forward:input');
    await page.keyboard.press('ArrowRight');
    await expect(current).toHaveAttribute('data-step', 'forward:conv');
    await expect(current.getByTestId('step-formula')).toBeVisible();
    await expect(node(page, 'conv').locator('.bp-node')).toHaveClass(/is-step-focus/);
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'step-conv-1280.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(shots, 'step-conv-1920-dark.png') });
  });
});

test.describe('Chinese', () => {
  test.use({ locale: 'zh-CN' });
  test('新的层：从面板拖入、在检查器中编辑、节点和连线显示形状', async ({ page }) => {
    test.setTimeout(120_000);
    await buildImageNetwork(page, words('zh-CN'), 'zh');
  });
});
