import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  VALIDATOR_FILE,
  VALIDATOR_TYPES_FILE,
  validatorText,
  validatorTypesText,
} from './update-schema';

describe('the validator generated from src/model/schema.ts (npm run build:schema)', () => {
  it('src/model/validate.generated.js is exactly what the schema compiles to', () => {
    // Compared as text: any drift (schema, Ajv version, options) shows up here.
    expect(readFileSync(VALIDATOR_FILE, 'utf8') === validatorText()).toBe(true);
    expect(readFileSync(VALIDATOR_TYPES_FILE, 'utf8')).toBe(validatorTypesText());
  });

  it('the generated validator needs neither eval nor require', () => {
    const text = readFileSync(VALIDATOR_FILE, 'utf8');
    expect(text).not.toMatch(/\bnew Function\b|\beval\(|\brequire\(|^import /m);
  });
});

describe('the published schema', () => {
  it('keeps the registry’s English descriptions whatever the language', async () => {
    const { setLanguage } = await import('../i18n');
    const { KINDS } = await import('../engine/registry');
    const { kindParamsSchema } = await import('../model/schema-kinds');
    const english = JSON.stringify(kindParamsSchema(KINDS.dense));
    setLanguage('zh-CN');
    try {
      expect(JSON.stringify(kindParamsSchema(KINDS.dense))).toBe(english);
    } finally {
      setLanguage('en');
    }
    expect(english).toContain('How many neurons the layer has (rows of W).');
  });
});
