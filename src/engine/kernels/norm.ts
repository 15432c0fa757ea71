/**
 * Dropout, batch normalisation and layer normalisation over flat row-major
 * buffers (m samples × width, channels last, as every edge tensor is). Forward
 * and backward sit side by side; the op modules (ops/dropout.ts, batchnorm.ts,
 * layernorm.ts) own the buffers and call these. Gradients overwrite their
 * outputs (∂L/∂x, ∂L/∂γ, ∂L/∂β); nothing here allocates.
 */
import type { Float } from '../backend';
import type { Rng } from '../random';

// Dropout ------------------------------------------------------------------------------

/**
 * Inverted dropout's mask over n values: 0 with probability `rate`, else
 * 1/(1 − rate), so that E[mask ⊙ x] = x and inference needs no rescaling.
 * Drawn from `rng` (seeded per step), so a run is reproducible.
 */
export function dropoutMask(rng: Rng, rate: number, mask: Float, n: number): void {
  if (rate <= 0) {
    mask.fill(1, 0, n);
    return;
  }
  const keep = 1 / (1 - rate);
  for (let i = 0; i < n; i++) mask[i] = rng.next() < rate ? 0 : keep;
}

/** Training: y = x ⊙ mask. Inference: y = x (the mask is not read). */
export function dropoutForward(
  x: Float,
  mask: Float,
  y: Float,
  n: number,
  training: boolean,
): void {
  if (training) for (let i = 0; i < n; i++) y[i] = x[i] * mask[i];
  else for (let i = 0; i < n; i++) y[i] = x[i];
}

/** ∂L/∂x = ∂L/∂y ⊙ mask in training (dropped units get no gradient), ∂L/∂y in inference. */
export function dropoutBackward(
  dy: Float,
  mask: Float,
  dx: Float,
  n: number,
  training: boolean,
): void {
  if (training) for (let i = 0; i < n; i++) dx[i] = dy[i] * mask[i];
  else for (let i = 0; i < n; i++) dx[i] = dy[i];
}

// Batch normalisation ---------------------------------------------------------------------

/**
 * Per-channel statistics of a batch-norm forward, kept for its backward.
 * Channels are the last axis: value i belongs to channel i mod C, and each
 * channel's statistics run over N = rows values (m samples × h × w positions).
 */
export interface BatchNormParams {
  gamma: Float;
  beta: Float;
  /** Running statistics (state, not trained): read in inference, updated in training. */
  runningMean: Float;
  runningVariance: Float;
  momentum: number;
  epsilon: number;
}

/**
 * Training: per channel c over the N = `rows` values,
 *   μ = (1/N) Σ x,  σ² = (1/N) Σ (x − μ)²   (biased, as tf.moments, TF.js and Keras use),
 *   x̂ = (x − μ)/√(σ² + ε),  y = γ x̂ + β,
 *   running μ ← momentum·running μ + (1 − momentum)·μ, and likewise σ².
 * Inference: x̂ = (x − running μ)/√(running σ² + ε), nothing updated.
 * `mean` and `invStd` (length C) receive the statistics used (batch or running),
 * which the backward pass reads.
 */
export function batchNormForward(
  x: Float,
  y: Float,
  rows: number,
  C: number,
  p: BatchNormParams,
  training: boolean,
  mean: Float,
  invStd: Float,
): void {
  const n = rows * C;
  // Channel by channel with float64 sums (the buffers may be float32).
  for (let c = 0; c < C; c++) {
    let mu: number;
    let variance: number;
    if (training && rows > 0) {
      let sum = 0;
      for (let i = c; i < n; i += C) sum += x[i];
      mu = sum / rows;
      // Two passes (squared deviations), not E[x²] − μ²: no cancellation.
      let sq = 0;
      for (let i = c; i < n; i += C) {
        const d = x[i] - mu;
        sq += d * d;
      }
      variance = sq / rows;
      p.runningMean[c] = p.momentum * p.runningMean[c] + (1 - p.momentum) * mu;
      p.runningVariance[c] = p.momentum * p.runningVariance[c] + (1 - p.momentum) * variance;
    } else {
      mu = p.runningMean[c];
      variance = p.runningVariance[c];
    }
    const s = 1 / Math.sqrt(variance + p.epsilon);
    mean[c] = mu;
    invStd[c] = s;
    const scale = p.gamma[c] * s;
    const shift = p.beta[c];
    for (let i = c; i < n; i += C) y[i] = scale * (x[i] - mu) + shift;
  }
}

/**
 * With s = 1/√(σ² + ε) and x̂ = (x − μ)s, per channel over its N values:
 *   ∂L/∂β = Σ ∂L/∂y,   ∂L/∂γ = Σ ∂L/∂y · x̂,
 *   training (μ, σ² depend on x):  ∂L/∂x = (γ s / N)(N ∂L/∂y − ∂L/∂β − x̂ ∂L/∂γ),
 *   inference (running statistics are constants):  ∂L/∂x = γ s ∂L/∂y.
 * `mean` and `invStd` are what the forward pass wrote. With `dx` null only
 * ∂L/∂γ and ∂L/∂β are computed (nobody reads ∂L/∂x).
 */
export function batchNormBackward(
  x: Float,
  dy: Float,
  dx: Float | null,
  rows: number,
  C: number,
  gamma: Float,
  mean: Float,
  invStd: Float,
  dgamma: Float,
  dbeta: Float,
  training: boolean,
): void {
  const n = rows * C;
  for (let c = 0; c < C; c++) {
    const mu = mean[c];
    const s = invStd[c];
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let i = c; i < n; i += C) {
      sumDy += dy[i];
      sumDyXhat += dy[i] * (x[i] - mu) * s;
    }
    dbeta[c] = sumDy;
    dgamma[c] = sumDyXhat;
    const k = gamma[c] * s;
    if (!dx) continue;
    if (!training) for (let i = c; i < n; i += C) dx[i] = k * dy[i];
    else {
      const meanDy = sumDy / rows;
      const meanDyXhat = sumDyXhat / rows;
      for (let i = c; i < n; i += C) dx[i] = k * (dy[i] - meanDy - (x[i] - mu) * s * meanDyXhat);
    }
  }
}

// Layer normalisation ---------------------------------------------------------------------

/**
 * Each row of C values (the last axis: a sample's features, or one position's
 * channels) on its own, the same in training and inference:
 *   μ = (1/C) Σ x,  σ² = (1/C) Σ (x − μ)²,  x̂ = (x − μ)/√(σ² + ε),  y = γ x̂ + β
 * (γ, β per feature). `mean` and `invStd` (length rows) keep each row's
 * statistics for the backward pass.
 */
export function layerNormForward(
  x: Float,
  y: Float,
  rows: number,
  C: number,
  gamma: Float,
  beta: Float,
  epsilon: number,
  mean: Float,
  invStd: Float,
): void {
  for (let r = 0, o = 0; r < rows; r++, o += C) {
    let sum = 0;
    for (let c = 0; c < C; c++) sum += x[o + c];
    const mu = sum / C;
    let sq = 0;
    for (let c = 0; c < C; c++) {
      const d = x[o + c] - mu;
      sq += d * d;
    }
    const s = 1 / Math.sqrt(sq / C + epsilon);
    mean[r] = mu;
    invStd[r] = s;
    for (let c = 0; c < C; c++) y[o + c] = gamma[c] * (x[o + c] - mu) * s + beta[c];
  }
}

/**
 * Per row, with g = γ ⊙ ∂L/∂y (the gradient at x̂) and s = 1/√(σ² + ε):
 *   ∂L/∂x = (s / C)(C g − Σ g − x̂ Σ g x̂);
 * over all rows: ∂L/∂γ = Σ ∂L/∂y · x̂,  ∂L/∂β = Σ ∂L/∂y. `dx` null: only those two.
 */
export function layerNormBackward(
  x: Float,
  dy: Float,
  dx: Float | null,
  rows: number,
  C: number,
  gamma: Float,
  mean: Float,
  invStd: Float,
  dgamma: Float,
  dbeta: Float,
): void {
  dgamma.fill(0, 0, C);
  dbeta.fill(0, 0, C);
  for (let r = 0, o = 0; r < rows; r++, o += C) {
    const mu = mean[r];
    const s = invStd[r];
    let sumG = 0;
    let sumGX = 0;
    for (let c = 0; c < C; c++) {
      const xhat = (x[o + c] - mu) * s;
      const d = dy[o + c];
      const g = gamma[c] * d;
      sumG += g;
      sumGX += g * xhat;
      dbeta[c] += d;
      dgamma[c] += d * xhat;
    }
    if (!dx) continue;
    const k = s / C;
    for (let c = 0; c < C; c++) {
      const xhat = (x[o + c] - mu) * s;
      dx[o + c] = k * (C * gamma[c] * dy[o + c] - sumG - xhat * sumGX);
    }
  }
}
