/**
 * The model checker's words in the window under a Chinese system: node kinds,
 * parameter names and docs, and the problems the checker finds, as the
 * catalogue gives them (the window follows the system's language).
 */
import { expect, test } from './fixtures';
import { node } from './actions';

test.use({ locale: 'zh-CN' });

test('a Chinese system sees node kinds, parameters and the checker’s problems in Chinese', async ({
  page,
}) => {
  await expect(node(page, 'loss')).toBeVisible();
  // The node shows its kind in Chinese; the palette lists the kinds in Chinese.
  await expect(node(page, 'dense1')).toContainText('全连接层');
  await expect(page.getByRole('button', { name: '激活函数', exact: true }).first()).toBeVisible();

  // The inspector names the parameters and explains them in Chinese.
  await node(page, 'dense1').click();
  await expect(page.getByText('这一层有多少个神经元（W 的行数）。')).toBeVisible();
  await expect(page.getByLabel('神经元数')).toHaveValue('5');

  // Take the loss away: the checker says what is missing, in Chinese.
  await node(page, 'loss').click();
  await page.keyboard.press('Delete');
  await expect(node(page, 'loss')).toHaveCount(0);
  await expect(
    page.getByText('网络没有损失函数节点：请在最后一层之后添加一个，才能训练').first(),
  ).toBeVisible();
  await expect(page.getByText(/The network has no Loss node/)).toHaveCount(0);

  await page.screenshot({ path: 'e2e/artifacts/model-language-zh-1280.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'e2e/artifacts/model-language-zh-1920-dark.png' });
});
