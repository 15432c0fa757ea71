/**
 * A small seeded generator (mulberry32) so that a run is reproducible bit for
 * bit: the same seed gives the same initial weights and the same shuffles.
 */
export interface RngState {
  state: number;
  spare: number | null;
}

export class Rng {
  private state: number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.state = (seed | 0) ^ 0x6d2b79f5;
  }

  /** Starts again from `seed`, as `new Rng(seed)` would, without allocating (once per training pass). */
  reseed(seed: number): void {
    this.state = (seed | 0) ^ 0x6d2b79f5;
    this.spare = null;
  }

  /** Where the generator is: its state and a normal value drawn ahead (for `setState`). */
  getState(): RngState {
    return { state: this.state, spare: this.spare };
  }

  /** Continues from a `getState()`: the same values follow. */
  setState(s: RngState): void {
    this.state = s.state | 0;
    this.spare = s.spare;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Fisher–Yates shuffle of the first n entries, in place. */
  shuffle(a: Int32Array, n = a.length): void {
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
