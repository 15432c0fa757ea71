/**
 * Every kind's op. A `Record<NodeKind, Op>`: adding a kind to `NodeKind`
 * without its module here does not compile.
 */
import type { NodeKind } from '../graph';
import { activation } from './activation';
import { add } from './add';
import { avgpool2d } from './avgpool2d';
import { batchnorm } from './batchnorm';
import { concat } from './concat';
import { conv2d } from './conv2d';
import { dense } from './dense';
import { flatten } from './flatten';
import { dropout } from './dropout';
import { input } from './input';
import { layernorm } from './layernorm';
import { loss } from './loss';
import { maxpool2d } from './maxpool2d';
import type { Op } from './op';

export const OPS: Record<NodeKind, Op> = {
  input,
  dense,
  activation,
  loss,
  add,
  concat,
  conv2d,
  maxpool2d,
  avgpool2d,
  flatten,
  dropout,
  batchnorm,
  layernorm,
};

export type * from './op';
export { sizeOf, shapeText } from './op';
