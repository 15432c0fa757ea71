import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs build script without type declarations
import { compileKernel } from '../../../scripts/build-kernel.mjs';
import { kernelSharedWasmBase64, kernelWasmBase64 } from './kernel.generated';

describe('kernel.generated.ts', () => {
  it('holds exactly what the AssemblyScript source compiles to (run `npm run build:kernel`)', async () => {
    const bytes = (await compileKernel()) as Uint8Array;
    const committed = Uint8Array.from(atob(kernelWasmBase64), (ch) => ch.charCodeAt(0));
    expect(committed.length).toBe(bytes.length);
    expect(Buffer.from(committed).equals(Buffer.from(bytes))).toBe(true);
  });

  it('holds the shared-memory variant for threads too', async () => {
    const bytes = (await compileKernel(true)) as Uint8Array;
    const committed = Uint8Array.from(atob(kernelSharedWasmBase64), (ch) => ch.charCodeAt(0));
    expect(Buffer.from(committed).equals(Buffer.from(bytes))).toBe(true);
  });
});
