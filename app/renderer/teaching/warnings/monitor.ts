/**
 * Runs the warning rules on the live buffer a few times a second and keeps
 * the result in the teaching store. A warning appears as soon as a rule fires
 * and goes only after it has stayed quiet for HOLD_MS, so a statistic hovering
 * at its threshold does not make the badge blink.
 */
import { useDocument } from '../../store/document';
import { live } from '../../common/live';
import { useTeaching } from '../../store/teaching';
import type { TeachingWarning } from '../../store/teaching';
import { detectWarnings, type WarningInput } from './detect';
import { idTable } from '#src/engine/table';
import { i18n } from '#src/i18n';

const RATE_HZ = 4;
const HOLD_MS = 1500;

/** What the rules read, from the latest frame, the loss series and the compiled graph. */
export function currentInput(): WarningInput | null {
  const frame = live.frame;
  const s = useDocument.getState();
  if (!frame || !s.compiled.ok) return null;
  const graph = s.compiled.net;
  const fnById = idTable<string | undefined>();
  for (const n of graph.nodes) if (n.kind === 'activation') fnById[n.id] = n.params.fn as string;
  const acc = live.loss.accuracy;
  const accuracy = acc.length ? acc[acc.length - 1] : null;
  return {
    nodeStats: frame.header.nodeStats,
    gradNorms: frame.header.gradNorms,
    losses: live.loss.loss,
    fnById,
    denseOrder: graph.nodes.filter((n) => n.kind === 'dense').map((n) => n.id),
    outputId: graph.outputId,
    lossId: graph.lossId,
    accuracy: accuracy ?? undefined,
  };
}

const lastSeen = new Map<string, { warning: TeachingWarning; at: number }>();

/** Evaluates the rules once (exported for tests). */
export function evaluate(now = Date.now()): void {
  const input = currentInput();
  const found = input ? detectWarnings(input) : [];
  if (!input) lastSeen.clear();
  for (const w of found) lastSeen.set(w.key, { warning: w, at: now });
  const nodes = new Set(useDocument.getState().nodes.map((n) => n.id));
  for (const [key, seen] of lastSeen) {
    if (now - seen.at > HOLD_MS || !nodes.has(seen.warning.nodeId)) lastSeen.delete(key);
  }
  const next = [...lastSeen.values()].map((v) => v.warning);
  const before = useTeaching.getState().warnings;
  const same =
    before.length === next.length &&
    before.every((w, i) => w.key === next[i].key && w.explanation === next[i].explanation);
  if (!same) useTeaching.setState({ warnings: next });
}

/** Starts watching the live buffer; returns a stop function. */
export function startWarningMonitor(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = 0;
  const run = () => {
    timer = null;
    last = Date.now();
    evaluate(last);
  };
  const request = () => {
    if (timer) return;
    timer = setTimeout(run, Math.max(0, 1000 / RATE_HZ - (Date.now() - last)));
  };
  const offLive = live.subscribe(request);
  // The warnings are worded when the rules fire: word them again in the new
  // language now (a warning held but no longer firing goes a little early).
  const reword = () => {
    lastSeen.clear();
    run();
  };
  i18n.on('languageChanged', reword);
  // Quiet rules need re-checking after HOLD_MS even when no frame comes (a paused run).
  const tick = setInterval(request, HOLD_MS);
  run();
  return () => {
    offLive();
    i18n.off('languageChanged', reword);
    clearInterval(tick);
    if (timer) clearTimeout(timer);
  };
}
