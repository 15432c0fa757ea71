/**
 * `npm run test:unit` runs this before vitest: makes sure the system Python
 * has PyTorch for the export checks, installing Debian's python3-torch as
 * root (scripts/torch.ts). Quick when it is there; never fails the run.
 */
import { ensureTorch } from './torch';

ensureTorch();
