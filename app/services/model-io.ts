/**
 * The production wiring of the documents service to the model-file code:
 * src/node reads and writes files (atomically), src/model knows the
 * examples. Kept in one place so tests can swap it for fakes.
 */
import { readModelFile, writeModelFile } from '#src/node/model-files';
import { EXAMPLES, exampleById } from '#src/model/examples';
import type { ExampleSource, ModelIO } from './documents';

export const defaultModelIO: ModelIO = {
  read: (path) => readModelFile(path),
  async write(path, model, previousPath) {
    const result = await writeModelFile(path, model, { fromPath: previousPath });
    if (!result.ok) throw new Error(result.message);
  },
};

export const defaultExamples: ExampleSource = {
  // Titles and descriptions are catalogue keys: the menus word them with t().
  list: () => EXAMPLES.map(({ id, title, description }) => ({ id, title, description })),
  load: (id) => exampleById(id)?.model(),
};
