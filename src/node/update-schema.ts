/**
 * Writes schema/model.schema.json from src/model/schema.ts (whose node-kind
 * parts come from the engine's registry). Run after changing either:
 *   npx tsx src/node/update-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MODEL_SCHEMA } from '../model/schema';

export const SCHEMA_FILE = fileURLToPath(
  new URL('../../schema/model.schema.json', import.meta.url),
);

/** The file's exact expected text (prettier keeps short arrays on one line; JSON.stringify does not, so compare parsed). */
export function schemaText(): string {
  return `${JSON.stringify(MODEL_SCHEMA, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, schemaText());
  console.log(`wrote ${SCHEMA_FILE}; run prettier on it`);
}
