/**
 * A model file's `resume` section and the engine's TrainerState: the update
 * rule's buffers become tensors shaped like the parameters they belong to
 * (keyed by node id and parameter name, like `weights`), the shuffle order a
 * list. Written next to the weights it belongs to; read back only where it
 * fits the network (Trainer.importState takes each part that fits).
 */
import type { Network } from '../engine/network';
import { OPTIMIZER_SLOTS } from '../engine/optimizers';
import { idTable } from '../engine/table';
import type { ImportedParts, Trainer, TrainerState } from '../engine/train';
import { flattenInto, shapeOfTensor, toNested } from '../engine/weights';
import type { ResumeState, TensorRecord } from './types';

/** The trainer's state as the file's `resume` holds it. */
export function resumeFromTrainer(trainer: Trainer): ResumeState {
  const state = trainer.exportState();
  const params = trainer.net.params();
  const moments: Record<string, TensorRecord> = {};
  for (const [slot, buffers] of Object.entries(state.optimizer.slots)) {
    const record: TensorRecord = idTable();
    buffers.forEach((buffer, k) => {
      const p = params[k];
      (record[p.nodeId] ??= idTable())[p.name] = toNested(buffer, p.shape);
    });
    moments[slot] = record;
  }
  const s = state.shuffle;
  const resume: ResumeState = {
    updates: state.updates,
    passes: state.passes,
    optimizer: { name: state.optimizer.optimizer, t: state.optimizer.t, moments },
    shuffle: {
      seed: s.seed,
      batch: s.batch,
      rng: s.rng.state,
      ...(s.rng.spare !== null ? { spare: s.rng.spare } : {}),
      order: Array.from(s.order),
      position: s.position,
    },
  };
  if (s.position > 0) resume.epoch = { ...state.epoch };
  return resume;
}

/**
 * The file's `resume` as the engine takes it. A buffer that is missing or not
 * shaped like its parameter leaves its slot out, so the Trainer starts the
 * update rule afresh (the shuffle may still fit).
 */
export function trainerState(resume: ResumeState, net: Network): TrainerState {
  const params = net.params();
  const slots: Record<string, Float64Array[]> = {};
  for (const slot of OPTIMIZER_SLOTS[resume.optimizer.name]) {
    const record = resume.optimizer.moments[slot];
    const buffers: Float64Array[] = [];
    for (let k = 0; k < params.length && record; k++) {
      const tensor = Object.hasOwn(record, params[k].nodeId)
        ? Object.hasOwn(record[params[k].nodeId], params[k].name)
          ? record[params[k].nodeId][params[k].name]
          : undefined
        : undefined;
      const shape = tensor && shapeOfTensor(tensor);
      if (!shape || shape.join() !== params[k].shape.join()) break;
      const buffer = new Float64Array(params[k].value.length);
      flattenInto(tensor, buffer);
      buffers.push(buffer);
    }
    if (buffers.length === params.length) slots[slot] = buffers;
  }
  const s = resume.shuffle;
  return {
    updates: resume.updates,
    passes: resume.passes,
    optimizer: { optimizer: resume.optimizer.name, t: resume.optimizer.t, slots },
    shuffle: {
      seed: s.seed,
      batch: s.batch,
      rng: { state: s.rng, spare: s.spare ?? null },
      order: Int32Array.from(s.order),
      position: s.position,
    },
    epoch: resume.epoch ?? { loss: 0, correct: 0, seen: 0 },
  };
}

/** Continues `trainer` from the file's `resume`, before its first step: the parts that fit. */
export function resumeTrainer(trainer: Trainer, resume: ResumeState): ImportedParts {
  return trainer.importState(trainerState(resume, trainer.net));
}
