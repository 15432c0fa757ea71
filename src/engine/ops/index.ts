/**
 * Every kind's op. A `Record<NodeKind, Op>`: adding a kind to `NodeKind`
 * without its module here does not compile.
 */
import type { NodeKind } from '../graph';
import { activation } from './activation';
import { add } from './add';
import { concat } from './concat';
import { dense } from './dense';
import { input } from './input';
import { loss } from './loss';
import type { Op } from './op';

export const OPS: Record<NodeKind, Op> = { input, dense, activation, loss, add, concat };

export type * from './op';
export { sizeOf, shapeText } from './op';
