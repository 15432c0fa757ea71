/**
 * Where JSON text goes wrong. JSON.parse says *that* it failed, but not
 * always where (V8 omits the position for some errors), so after a failure
 * this small scanner finds the first offending offset. It keeps the open
 * lists and objects on a stack of its own rather than recursing, so text
 * nested 100,000 deep is an answer, not a stack overflow.
 */
import { t } from '../i18n';

export interface JsonSyntaxError {
  /** 0-based offset of the first character that cannot be right, or text.length when the text ends early. */
  offset: number;
  line: number;
  column: number;
  message: string;
}

export function findJsonError(text: string): JsonSyntaxError | null {
  let i = 0;
  const fail = (message: string): never => {
    throw { offset: i, message };
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const expectChar = (c: string, what: string): void => {
    if (text[i] !== c)
      fail(i >= text.length ? t('problems.json.endsEarly') : t('problems.json.expected', { what }));
    i++;
  };
  const string = (): void => {
    expectChar('"', t('problems.json.aString'));
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail(t('problems.json.controlChar'));
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5)))
            fail(t('problems.json.badUnicode'));
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail(t('problems.json.badEscape'));
      }
      i++;
    }
    expectChar('"', t('problems.json.closingQuote'));
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail(t('problems.json.value'));
    i += m![0].length;
  };
  /** One value that is not a list or an object. */
  const scalar = (): void => {
    if (text[i] === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) return void (i += word.length);
    }
    number();
  };
  /** A property name and its colon; the value follows. */
  const key = (): void => {
    ws();
    string();
    ws();
    expectChar(':', t('problems.json.colon'));
  };
  /** Scans one value, lists and objects included; `open` holds the lists and objects it is in. */
  const value = (): void => {
    const open: ('[' | '{')[] = [];
    for (;;) {
      // A value starts here.
      ws();
      const c = text[i];
      if (c === undefined) fail(t('problems.json.endsEarly'));
      let ended = true;
      if (c === '[' || c === '{') {
        i++;
        ws();
        if (text[i] === (c === '[' ? ']' : '}')) i++;
        else {
          open.push(c);
          if (c === '{') key();
          ended = false;
        }
      } else scalar();
      // After a value: a comma, or the closing bracket of what it is in (perhaps several).
      while (ended) {
        const inside = open[open.length - 1];
        if (inside === undefined) return;
        ws();
        if (text[i] === ',') {
          i++;
          if (inside === '{') key();
          ended = false;
        } else {
          if (inside === '[') expectChar(']', t('problems.json.listComma'));
          else expectChar('}', t('problems.json.objectComma'));
          open.pop();
        }
      }
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail(t('problems.json.trailing'));
    return null;
  } catch (error) {
    const { offset, message } = error as { offset: number; message: string };
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return { offset, line, column, message };
  }
}
