/**
 * The window in Chinese: a system in Chinese opens it in Chinese (menus 文件/编辑/视图…);
 * View ▸ Language ▸ English switches the menus and panels at once, without a reload, and the
 * choice holds across a reload. Screenshots of the Chinese window with a menu open at
 * 1280×800 and 1920×1080, light and dark, with nothing clipped and the top bar within the
 * window.
 */
import type { Page } from '@playwright/test';
import { eachLook } from './actions';
import { expect, test } from './fixtures';

const SHOTS = 'e2e/artifacts/screens';
const menubar = (page: Page) => page.getByRole('menubar');

test.use({ locale: 'zh-CN' });

/** What spills in the top bar: the page scrolling sideways, or a menu name or button cut. */
function topBarSpills(page: Page) {
  return page.evaluate(() => {
    const cut = [
      ...document.querySelectorAll(
        '.bp-topbar button, .bp-topbar [role="menuitem"], [role="menu"] *',
      ),
    ]
      .filter((el) => el.checkVisibility() && el.scrollWidth > el.clientWidth + 0.5)
      .filter((el) => getComputedStyle(el).textOverflow !== 'ellipsis')
      .map((el) => el.textContent?.trim() ?? el.tagName);
    const bar = document.querySelector('.bp-topbar')!;
    return {
      sideways: document.documentElement.scrollWidth - window.innerWidth,
      barOverflow: bar.scrollWidth - bar.clientWidth,
      barHeight: bar.getBoundingClientRect().height,
      title: document.querySelector('.bp-doc-title')!.getBoundingClientRect().width,
      cut,
    };
  });
}

/** Texts inside `root` wider than their box (cut or spilling). */
function cutIn(page: Page, root: string) {
  return page.evaluate(
    (root) =>
      [...document.querySelectorAll(`${root} *`)]
        .filter((el) => el.checkVisibility() && el.scrollWidth > el.clientWidth + 0.5)
        .filter((el) => getComputedStyle(el).overflow === 'visible' || el.tagName === 'BUTTON')
        .map((el) => el.textContent?.trim() ?? el.tagName),
    root,
  );
}

test('opens in Chinese, switches to English at once, and keeps the choice', async ({ page }) => {
  let copied: Promise<unknown> = Promise.resolve();
  await expect(page.locator('.react-flow__node').first()).toBeVisible();

  await test.step('a Chinese system gets a Chinese window', async () => {
    for (const name of ['文件', '编辑', '视图', '数据', '示例']) {
      await expect(menubar(page).getByRole('menuitem', { name, exact: true })).toBeVisible();
    }
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('navigation', { name: '节点面板' })).toBeVisible();
    await expect(page.getByRole('toolbar', { name: '编辑器' })).toBeVisible();
    await expect(page.locator('.bp-doc-title__name')).toHaveText('未命名');
  });

  await test.step('screenshots with a menu open, light and dark, at two sizes', async () => {
    await eachLook(page, async (size, scheme) => {
      await menubar(page).getByRole('menuitem', { name: '文件', exact: true }).click();
      const file = page.getByRole('menu', { name: '文件' });
      await expect(file.getByRole('menuitem', { name: /^另存为…/ })).toBeVisible();
      await file.getByRole('menuitem', { name: '新建', exact: true }).hover();
      await expect(page.getByRole('menuitem', { name: /^文章中的网络/ })).toBeVisible();
      const fit = await topBarSpills(page);
      console.log(`zh-CN ${size.width}×${size.height} ${scheme}: ${JSON.stringify(fit)}`);
      expect(fit.sideways).toBeLessThanOrEqual(0);
      expect(fit.barOverflow).toBeLessThanOrEqual(0);
      expect(fit.cut).toEqual([]);
      expect(fit.title).toBeGreaterThanOrEqual(90);
      await page.screenshot({
        path: `${SHOTS}/language-zh-${size.width}-${scheme}.png`,
      });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('menu')).toHaveCount(0);
    });
  });

  await test.step('the inspector and the dialogs in Chinese', async () => {
    // By its header: the middle of a Dense face holds its tool buttons.
    await page.locator('.react-flow__node[data-id="dense1"]').click({ position: { x: 12, y: 8 } });
    const inspector = page.getByRole('region', { name: '检查器' });
    await expect(inspector.getByText('输出', { exact: true })).toBeVisible();
    // An unsaved change, whose recovery copy the reload below finds (written 2 s after it).
    copied = page.waitForResponse((r) => r.url().includes('/recovery:write'));
    await page.keyboard.press('Control+D');
    await page.keyboard.press('Control+N');
    const ask = page.getByRole('dialog', { name: '保存更改？' });
    await expect(ask.getByRole('button', { name: '不保存' })).toBeVisible();
    expect(await cutIn(page, '[role="dialog"]')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/language-zh-unsaved-1280-light.png` });
    await ask.getByRole('button', { name: '取消' }).click();
    await page
      .getByRole('toolbar', { name: '编辑器' })
      .getByRole('button', { name: '打开' })
      .click();
    const picker = page.getByRole('dialog', { name: '打开模型' });
    await expect(picker.getByText('显示文件夹和 .bpmodel, .onnx, .json 文件')).toBeVisible();
    expect(await cutIn(page, '[role="dialog"]')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/language-zh-picker-1280-light.png` });
    await picker.getByRole('button', { name: '取消' }).click();
    await expect(picker).toBeHidden();
  });

  await test.step('View ▸ Language ▸ English switches at once, without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await menubar(page).getByRole('menuitem', { name: '视图', exact: true }).click();
    await page.getByRole('menu', { name: '视图' }).getByRole('menuitem', { name: /^语言/ }).click();
    await expect(page.getByRole('menuitemradio', { name: '跟随系统' })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    await page.screenshot({ path: `${SHOTS}/language-zh-view-menu-1280-light.png` });
    await page.getByRole('menuitemradio', { name: 'English' }).click();
    for (const name of ['File', 'Edit', 'View', 'Data', 'Examples']) {
      await expect(menubar(page).getByRole('menuitem', { name, exact: true })).toBeVisible();
    }
    await expect(menubar(page).getByRole('menuitem', { name: '文件' })).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'Node palette' })).toBeVisible();
    await expect(page.getByRole('toolbar', { name: 'Editor' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Undo' })).toBeVisible();
    await expect(page.locator('.bp-doc-title__name')).toHaveText('Untitled');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(
      true,
    );
    // The menu marks the choice.
    await menubar(page).getByRole('menuitem', { name: 'View', exact: true }).click();
    await page
      .getByRole('menu', { name: 'View' })
      .getByRole('menuitem', { name: /^Language/ })
      .click();
    await expect(page.getByRole('menuitemradio', { name: 'English' })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  });

  await test.step('the choice survives a reload', async () => {
    await copied;
    await page.reload();
    await expect(page.locator('.react-flow__node').first()).toBeVisible();
    // The unsaved duplicate of the dialogs step is offered back, in English now.
    const recover = page.getByRole('dialog', { name: 'Recover unsaved work?' });
    await expect(recover.getByText('Never saved')).toBeVisible();
    await recover.getByRole('button', { name: /^Discard / }).click();
    await expect(recover).toBeHidden();
    await expect(menubar(page).getByRole('menuitem', { name: 'File', exact: true })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });
});
