/**
 * The text of a catalogue key that other parts of the program hand the shell
 * (the node registry's labels and docs, example titles, action labels), or,
 * while such a field still holds plain words rather than a key, those words.
 * A bridge while the areas are translated in parallel (issue 12): once every
 * such field is a key, `t(key)` replaces it.
 */
import { i18n, t } from '../../src/i18n';

export function kindText(key: string): string {
  return key && i18n.exists(key) ? t(key) : key;
}

/** An enum option's name for people (`kinds.loss.params.fn.options.mse`), or the option itself. */
export function optionText(kind: string, param: string, option: string): string {
  const key = `kinds.${kind}.params.${param}.options.${option}`;
  return i18n.exists(key) ? t(key) : option;
}
