/** Pieces of messages for users: numbers as people write them, lists that stay short. */
import { formatNumber, t } from '../i18n';

/** 1234567 → "1,234,567" (in the current language's way). */
export const count = (n: number): string => formatNumber(n);

/**
 * Items for a message: the first `max`, then how many more. A header may have a million
 * columns and an Add node thousands of inputs; a message should still be read in one go.
 */
export function listed(items: readonly string[], max = 20): string {
  if (items.length <= max) return items.join(t('problems.list.separator'));
  const rest = items.length - max;
  return t('problems.list.more', {
    items: items.slice(0, max).join(t('problems.list.separator')),
    count: rest,
    n: count(rest),
  });
}
