/** Runners for the training tests: a model prepared as a session prepares it, on a clock the test owns. */
import { exampleById } from '../../model/examples';
import { prepareModel } from '../../model/prepare';
import type { ModelFile } from '../../model/types';
import { Runner } from '../runner';

/** A runner whose clock advances with every call (`clock.t`). */
export async function runnerFor(model: ModelFile, clock = { t: 0 }) {
  const prepared = await prepareModel(model);
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
  // Each call of the clock advances it: runFor(ms) then takes about ms calls.
  const now = () => clock.t++;
  return {
    runner: new Runner({
      net: prepared.net,
      data: prepared.data,
      config: prepared.model.training,
      now,
    }),
    prepared,
  };
}

export const xor = () => exampleById('xor')!.model();

/** The article network without its sigmoids and a huge step: nothing saturates, the weights explode. */
export function diverging(): ModelFile {
  const model = exampleById('article')!.model();
  model.graph.nodes = model.graph.nodes.filter((n) => n.kind !== 'activation');
  model.graph.edges = [
    { id: 'a', source: 'input', target: 'dense1' },
    { id: 'b', source: 'dense1', target: 'dense2' },
    { id: 'c', source: 'dense2', target: 'loss' },
  ];
  model.training = { ...model.training, optimizer: 'sgd', learningRate: 1e6 };
  return model;
}
