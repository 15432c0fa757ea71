/**
 * How fast a run goes: the speeds the speed control offers, and the one a
 * document starts with — a watchable pace for a small network on small data
 * (the article's, XOR), full speed for anything larger.
 */
import { BUILTIN_DATASETS } from '#src/model/datasets';
import type { DataSpec } from '#src/model/types';
import { formatNumber, t } from '../common/i18n';
import { useDocument, type DocumentState } from '../store/document';
import { useTraining } from '../store/training';

/** One update at a time: each update waits for Next, shown in three parts. */
export const ONE_AT_A_TIME = 0;
export const FULL_SPEED = Infinity;
/** What a small network trains at unless the user chooses otherwise. */
export const WATCHABLE_PACE = 20;
/** A network whose parameters × training samples stay below this is small enough to watch. */
export const SMALL_WORK = 5_000;

/** The speeds offered, in updates per second. */
export const PACES: number[] = [ONE_AT_A_TIME, 1, 5, 20, 100, FULL_SPEED];

/** A speed's name, short enough for the top bar (`20 / s`), in the window's language. */
export function paceLabel(pace: number): string {
  if (pace === ONE_AT_A_TIME) return t('training.pace.oneAtATime');
  if (pace === FULL_SPEED) return t('training.pace.fullSpeed');
  return t('training.pace.perSecond', { n: formatNumber(pace) });
}

/** The same in full, for its tooltip (`20 updates a second`). */
export function paceTitle(pace: number): string {
  if (pace === ONE_AT_A_TIME) return t('training.pace.oneAtATimeTitle');
  if (pace === FULL_SPEED) return t('training.pace.fullSpeed');
  return t('training.pace.perSecondTitle', { count: pace, n: formatNumber(pace) });
}

/** Samples the data holds, when known without reading a file (Infinity for a CSV file). */
export function sampleCount(spec: DataSpec | undefined): number {
  if (!spec) return Infinity;
  if ('builtin' in spec) {
    const info = BUILTIN_DATASETS[spec.builtin];
    return info.generated ? (spec.samples ?? info.defaultSamples) : info.defaultSamples;
  }
  if ('inline' in spec) return spec.inline.y.length;
  return Infinity;
}

/** The pace a document trains at before its user chooses one. */
export function defaultPace(parameters: number, samples: number): number {
  return parameters * samples < SMALL_WORK ? WATCHABLE_PACE : FULL_SPEED;
}

function documentPace(s: Pick<DocumentState, 'compiled' | 'model'>): number {
  if (!s.compiled.ok) return FULL_SPEED;
  return defaultPace(s.compiled.net.parameterCount, sampleCount(s.model.data));
}

/** The pace in force: the user's choice, else the document's default. */
export function currentPace(): number {
  return useTraining.getState().pace ?? documentPace(useDocument.getState());
}

/** The same, as a hook for the speed control. */
export function usePace(): number {
  const chosen = useTraining((s) => s.pace);
  const automatic = useDocument(documentPace);
  return chosen ?? automatic;
}

/** The pace as the session takes it: updates per second, null for full speed. */
export const sessionPace = (pace: number): number | null =>
  pace === FULL_SPEED || pace <= 0 ? null : pace;
