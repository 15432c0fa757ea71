/**
 * A new user takes the lessons (Help → Lessons, or the first start's offer) and completes
 * lessons 1 and 3 by doing what the panel says, in English and in Chinese. The spec reads each
 * task from the lesson's content file (lessons/<language>/*.md), finds its text in the panel,
 * does what the task's check asks for, and waits for the task's mark.
 *
 * The app's own controls are found by what does not change with the language (the Train
 * button's class, a tab's id, a select's option values, the dialog's button order); the
 * lessons panel's words come from its catalogue (src/i18n/locales/<language>/lessons.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { parse as parseYaml } from 'yaml';
import { chooseMenu } from './actions';
import { expect, test } from './fixtures';
import { repoRoot } from './paths';

type Language = 'en' | 'zh-CN';

interface Task {
  check: string;
  text: string;
  [param: string]: unknown;
}

interface LessonFile {
  title: string;
  tasks: Task[];
}

function lessonFile(language: Language, id: string): LessonFile {
  const text = readFileSync(join(repoRoot, 'lessons', language, `${id}.md`), 'utf8');
  const front = /^---\n([\s\S]*?)\n---/.exec(text);
  if (!front) throw new Error(`lessons/${language}/${id}.md has no front matter`);
  return parseYaml(front[1]) as LessonFile;
}

/** The panel's words in `language`, by key under `lessons.`. */
function words(language: Language) {
  const file = join(repoRoot, 'src/i18n/locales', language, 'lessons.json');
  const catalogue = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return (key: string, values: Record<string, string | number> = {}): string => {
    const found = key
      .split('.')
      .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], catalogue);
    if (typeof found !== 'string') throw new Error(`no ${key} in ${file}`);
    let text = found;
    for (const [k, v] of Object.entries(values)) text = text.replace(`{{${k}}}`, String(v));
    return text;
  };
}

/** What a task's Markdown reads as on the page (its words, without the emphasis marks). */
const plain = (markdown: string) => markdown.replace(/\*\*|\*|`/g, '');

const panelOf = (page: Page, w: ReturnType<typeof words>) =>
  page.getByRole('complementary', { name: w('panel.label'), exact: true });

/** Takes the first start's offer (its first button) and returns the lesson panel it opens. */
async function acceptOffer(page: Page, w: ReturnType<typeof words>): Promise<Locator> {
  await page
    .getByRole('region', { name: w('offer.label') })
    .getByRole('button')
    .first()
    .click();
  return panelOf(page, w);
}

function taskItem(panel: Locator, task: Task): Locator {
  return panel.getByRole('listitem').filter({ hasText: plain(task.text) });
}

/** Train at full speed with the Train button (found by its class: its name is translated). */
async function train(page: Page) {
  const full = page.locator('.bp-pace__full');
  if ((await full.getAttribute('aria-pressed')) !== 'true') await full.click();
  await expect(full).toHaveAttribute('aria-pressed', 'true');
  await page.locator('.bp-train-controls button.bp-train-btn.is-primary').click();
}

/** Does what `task`'s check asks for, as a user would. */
async function perform(page: Page, task: Task, index: number) {
  switch (task.check) {
    case 'tabOpen':
      await page.locator(`#bp-tab-${String(task.tab)}`).click();
      return;
    case 'runFinished': {
      // A fresh run after an earlier one: Reset weights (the fifth training control), confirmed.
      if (task.fresh === true && index > 0) {
        await page.locator('.bp-train-controls > button').nth(4).click();
        await page.locator('.bp-dialog__buttons button.is-primary').click();
        await expect(page.locator('.bp-dialog__buttons')).toBeHidden();
      }
      if (typeof task.batch === 'string') {
        await page.locator('#bp-tab-settings').click();
        await page
          .locator('form.bp-settings select:has(option[value="stochastic"])')
          .selectOption(task.batch);
      }
      await train(page);
      return;
    }
    case 'weightNear':
      // Nothing to do: the trained weights answer it.
      return;
    case 'stepAt': {
      // Step through (the toolbar's last tool), then Next until the step is shown.
      const shown = page.locator('article.bp-step__main');
      if (!(await shown.isVisible())) {
        await page.locator('.bp-toolbar .bp-tool').last().click();
        await expect(shown).toBeVisible();
      }
      const key = String(task.key);
      for (let i = 0; i < 30; i++) {
        const at = (await shown.getAttribute('data-step')) ?? '';
        if (at === key || at.startsWith(`${key}:`)) return;
        const next = page.locator('.bp-step__nav button.is-primary');
        if (await next.isDisabled()) break;
        await next.click();
      }
      throw new Error(`step ${key} never came`);
    }
    case 'gradientsChecked':
      await page.locator('.bp-step__bar > button:not(.bp-step__close)').click();
      return;
    case 'activationIs': {
      const node = page.locator('.react-flow__node-activation').first();
      await node.locator('.bp-node__header').click();
      await page
        .locator(`.bp-side select:has(option[value="${String(task.fn)}"])`)
        .selectOption(String(task.fn));
      return;
    }
    case 'probeShown': {
      await page.locator('#bp-tab-probe').click();
      const fields = page.locator('.bp-probe__row .bp-probe__field:not(.is-row) input');
      const values = task.values as number[];
      for (const [i, v] of values.entries()) await fields.nth(i).fill(String(v));
      const show = page.locator('.bp-probe__actions button');
      // Shown already (an earlier sample): the canvas follows the typed sample by itself.
      if ((await show.getAttribute('aria-pressed')) !== 'true') await show.click();
      return;
    }
    default:
      throw new Error(`the spec does not know how to do check "${task.check}"`);
  }
}

/** Completes lesson `id`, which the panel shows: every task's mark turns from not done to done. */
async function completeLesson(page: Page, language: Language, id: string, n: number) {
  const w = words(language);
  const lesson = lessonFile(language, id);
  const panel = panelOf(page, w);
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText(lesson.title);
  await expect(panel.getByText(w('panel.count', { n, total: 6 }))).toBeVisible();
  const items = lesson.tasks.map((task) => taskItem(panel, task));
  for (const item of items) await expect(item).toHaveAttribute('data-done', 'false');
  for (const [i, task] of lesson.tasks.entries()) {
    await perform(page, task, i);
    await expect(items[i]).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
    await expect(items[i].getByRole('img', { name: w('panel.done') })).toBeVisible();
  }
  await expect(panel.getByRole('status')).toHaveText(
    w(n === 6 ? 'panel.trackDone' : 'panel.allDone'),
  );
}

/** Lesson text and task text render at 13 px or more, and the panel leaves the canvas whole. */
async function expectReadable(page: Page, panel: Locator) {
  const sizes = await panel
    .locator('.bp-lessons__body p, .bp-lessons__list li')
    .evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
  expect(sizes.length).toBeGreaterThan(2);
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(13);
  const canvas = await page.locator('.bp-canvas').boundingBox();
  const side = await panel.boundingBox();
  expect(canvas && side && canvas.x + canvas.width <= side.x + 1).toBe(true);
  const view = page.viewportSize();
  console.log(
    `${view?.width}x${view?.height}: lesson text ${Math.min(...sizes)}–${Math.max(...sizes)} px ` +
      `(${sizes.length} paragraphs and tasks); canvas ${Math.round(canvas!.width)} px wide, ` +
      `panel ${Math.round(side!.width)} px from x = ${Math.round(side!.x)}`,
  );
}

function walkThrough(language: Language) {
  test('a new user completes lessons 1 and 3 as the panel says', async ({ page }) => {
    test.setTimeout(180_000);
    const w = words(language);
    await expect(page.locator('.react-flow__node').first()).toBeVisible();

    // The first start offers the lessons in a card that takes no focus.
    const offer = page.getByRole('region', { name: w('offer.label'), exact: true });
    await expect(offer).toBeVisible();
    await expect(offer).toContainText(w('offer.text'));
    expect(await offer.evaluate((el) => el.contains(document.activeElement))).toBe(false);
    // It sits in the palette's column: it covers no part of the canvas.
    const card = await offer.boundingBox();
    const canvas = await page.locator('.bp-canvas').boundingBox();
    expect(card && canvas && card.x + card.width <= canvas.x).toBe(true);
    await page.screenshot({ path: `e2e/artifacts/lessons-${language}-1280-offer.png` });
    await offer.getByRole('button', { name: w('offer.start') }).click();
    await expect(offer).toBeHidden();

    const panel = panelOf(page, w);
    await expect(panel).toBeVisible();
    // Lesson 1 opens its own document: the article's one neuron.
    await expect(page.locator('.react-flow__node[data-id="dense1"]')).toBeVisible();
    await expect(page.locator('.react-flow__node[data-id="dense2"]')).toHaveCount(0);
    await expect(panel.locator('.bp-lessons__body .katex').first()).toBeVisible();
    await expectReadable(page, panel);
    await page.screenshot({ path: `e2e/artifacts/lessons-${language}-1280-lesson1.png` });

    await completeLesson(page, language, '01-one-neuron', 1);

    // Next: lesson 1's trained document is unsaved, so the usual question comes first.
    await panel.getByRole('button', { name: w('panel.next'), exact: true }).click();
    await page.locator('.bp-dialog__buttons button').first().click(); // Don't Save
    await expect(panel.getByText(w('panel.count', { n: 2, total: 6 }))).toBeVisible();
    await panel.getByRole('button', { name: w('panel.next'), exact: true }).click();
    await completeLesson(page, language, '03-descent', 3);
    // The three runs are in the run list, and their curves on the loss plot.
    await page.locator('#bp-tab-loss').click();
    await expectReadable(page, panel);
    await page.screenshot({ path: `e2e/artifacts/lessons-${language}-1280-lesson3-done.png` });

    // Back to lesson 1 with the picker: its marks are remembered, and stored for the next start.
    await panel.getByRole('combobox', { name: w('panel.choose') }).selectOption('01-one-neuron');
    await page.locator('.bp-dialog__buttons button').first().click(); // Don't Save
    const first = lessonFile(language, '01-one-neuron');
    for (const task of first.tasks) {
      await expect(taskItem(panel, task)).toHaveAttribute('data-done', 'true');
    }
    const saved = await page.evaluate(() => localStorage.getItem('bp.lessons.v1'));
    expect(JSON.parse(saved ?? '{}')).toMatchObject({
      open: true,
      current: '01-one-neuron',
      done: { '01-one-neuron': [0, 1, 2], '03-descent': [0, 1, 2] },
    });
  });
}

test.describe('in English', () => {
  walkThrough('en');

  test('Help → Lessons opens the panel; Not now puts the offer away for good', async ({ page }) => {
    const w = words('en');
    const offer = page.getByRole('region', { name: w('offer.label'), exact: true });
    await offer.getByRole('button', { name: w('offer.dismiss') }).click();
    await expect(offer).toBeHidden();
    expect(await page.evaluate(() => localStorage.getItem('bp.lessons.v1'))).toContain(
      '"offered":true',
    );
    await chooseMenu(page, w('menu.help'), w('menu.lessons'));
    const panel = panelOf(page, w);
    await expect(panel.getByRole('heading', { level: 2 })).toHaveText(
      lessonFile('en', '01-one-neuron').title,
    );
    // View → Language: the panel follows at once, in the lesson's Chinese file.
    await page.getByRole('menubar').getByRole('menuitem', { name: 'View', exact: true }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Language' }).click();
    await page.getByRole('menu').last().getByRole('menuitemradio', { name: '简体中文' }).click();
    const zh = words('zh-CN');
    await expect(panel).toBeHidden();
    const panelZh = panelOf(page, zh);
    await expect(panelZh.getByRole('heading', { level: 2 })).toHaveText(
      lessonFile('zh-CN', '01-one-neuron').title,
    );
    await expect(panelZh.getByText(zh('panel.count', { n: 1, total: 6 }))).toBeVisible();
    await chooseMenu(page, zh('menu.help'), zh('menu.lessons'));
    await panelZh.getByRole('button', { name: zh('panel.close') }).click();
    await expect(panelZh).toBeHidden();
    // Closing the panel does not bring the offer back.
    await expect(offer).toBeHidden();
  });

  test('screenshots: a wide window, and the dark theme', async ({ page }) => {
    const w = words('en');
    await page.setViewportSize({ width: 1920, height: 1080 });
    const panel = await acceptOffer(page, w);
    await panel.getByRole('combobox', { name: w('panel.choose') }).selectOption('05-deep-network');
    await expect(panel.getByRole('heading', { level: 2 })).toHaveText(
      lessonFile('en', '05-deep-network').title,
    );
    await expectReadable(page, panel);
    await page.screenshot({ path: 'e2e/artifacts/lessons-en-1920-lesson5.png' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await panel.getByRole('combobox', { name: w('panel.choose') }).selectOption('04-activations');
    await expect(panel.getByRole('heading', { level: 2 })).toHaveText(
      lessonFile('en', '04-activations').title,
    );
    await page.screenshot({ path: 'e2e/artifacts/lessons-en-1280-dark-lesson4.png' });
  });
});

test('lessons 2, 4, 5 and 6: every task is checked as its text says', async ({ page }) => {
  test.setTimeout(180_000);
  const w = words('en');
  const panel = await acceptOffer(page, w);
  const picker = panel.getByRole('combobox', { name: w('panel.choose') });
  for (const [n, id] of [
    [2, '02-whole-batch'],
    [4, '04-activations'],
    [5, '05-deep-network'],
    [6, '06-predictions'],
  ] as const) {
    await picker.selectOption(id);
    // A changed document (an edited activation, trained weights) is asked about first.
    const dontSave = page.locator('.bp-dialog__buttons button').first();
    if (await dontSave.isVisible({ timeout: 1000 }).catch(() => false)) await dontSave.click();
    await completeLesson(page, 'en', id, n);
  }
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });
  walkThrough('zh-CN');
});
