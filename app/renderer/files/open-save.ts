/**
 * Document flows: new, open, save, save as, examples, dropped files, closing.
 * Each asks about unsaved changes before replacing the document, and a file
 * that fails to open leaves the current document untouched.
 */
import type { Host, RecoveryEntry } from '../../shared/host';
import { exampleById, newEmptyModel, newModel, parseModelText } from '../common/model';
import type { ModelFile } from '#src/model/types';
import { isDirty, toModelFile, useDocument, baseName } from '../store/document';
import {
  confirmAction,
  confirmUnsaved,
  pickFileInApp,
  showMessage,
  showProblems,
} from '../store/ui';
import { getActionContext } from '../actions/registry';
import { dataPathFor } from '#src/model/data-import';
import { discardOwnCopy, flushOwnCopy } from './autosave';
import { t } from '../common/i18n';
import { IMPORT_ENDINGS } from '#src/interop/format-info';

export const MODEL_EXTENSION = '.bpmodel';

type OpenedCheck = (host: Host) => void | Promise<void>;
const openedChecks = new Set<OpenedCheck>();

/**
 * Runs `check` after each file opened by path (the Data panel's: can its CSV be read?), so
 * this layer does not import the features that check. Returns a function that removes it.
 */
export function afterFileOpened(check: OpenedCheck): () => void {
  openedChecks.add(check);
  return () => openedChecks.delete(check);
}

/** After File → Open imported a model without data: say what stands in for it. */
function noteImported(fileName: string, hasData: boolean) {
  if (!hasData) {
    showMessage(t('interop.window.importedTitle', { name: fileName }), t('interop.window.noData'));
  }
}

/** Web: a dropped .onnx or model.json comes without a path (and its weights file): open it from File → Open. */
function noteDroppedImport(fileName: string) {
  showMessage(t('interop.window.dropTitle', { name: fileName }), t('interop.window.dropWeb'));
}

function currentViewport() {
  return getActionContext()?.flow?.getViewport() ?? null;
}

/** Asks about unsaved changes. True when the caller may replace (or close) the document. */
export async function settleUnsaved(host: Host): Promise<boolean> {
  if (!isDirty()) return true;
  const choice = await confirmUnsaved(useDocument.getState().name);
  if (choice === 'cancel') return false;
  if (choice === 'save') return save(host);
  // "Don't Save": the changes go on purpose, and so does their recovery copy.
  await discardOwnCopy();
  return true;
}

/** A new document: the article's network, or (`empty`) a canvas with no nodes on the same data. */
export async function newDocument(host: Host, empty = false) {
  if (!(await settleUnsaved(host))) return;
  useDocument.getState().load(empty ? newEmptyModel() : newModel(), { name: t('editor.untitled') });
}

async function pickOpen(host: Host): Promise<string | null> {
  return host.nativeDialogs
    ? host.pickOpenPath()
    : pickFileInApp('open', '', [MODEL_EXTENSION, ...IMPORT_ENDINGS]);
}

/**
 * Where to save. Both pickers ask before replacing the name they were given (the native
 * dialog itself, the in-app picker with its Replace step); a name typed without the
 * extension gets it here, and if that file exists, this asks before replacing it.
 */
async function pickSave(host: Host, suggested: string): Promise<string | null> {
  const path = host.nativeDialogs
    ? await host.pickSavePath(suggested)
    : await pickFileInApp('save', suggested);
  if (!path) return null;
  if (path.endsWith(MODEL_EXTENSION)) return path;
  const full = path + MODEL_EXTENSION;
  const name = baseName(full);
  const exists = await host
    .listDirectory(full.slice(0, full.length - name.length) || undefined)
    .then((l) => l.entries.some((e) => e.name === name))
    .catch(() => false);
  if (!exists) return full;
  const replace = await confirmAction(
    t('editor.file.replaceTitle', { name }),
    t('editor.file.replaceMessage', { name }),
    t('editor.file.replace'),
  );
  return replace ? full : null;
}

export async function openDocument(host: Host) {
  const path = await pickOpen(host);
  if (path) await openPath(host, path);
}

/** Reads a file first; only a file that opens cleanly replaces the current document. */
export async function openPath(host: Host, path: string) {
  let result;
  try {
    result = await host.openModel(path);
  } catch (err) {
    showMessage(t('editor.file.couldNotOpen', { name: baseName(path) }), errorText(err));
    return;
  }
  if (!result.ok) {
    showProblems(
      t('editor.file.couldNotBeOpened', { name: baseName(result.path) }),
      result.problems,
    );
    return;
  }
  if (!(await settleUnsaved(host))) return;
  if (result.imported) {
    // Another format (ONNX, TF.js): a new document, unsaved, so Save asks where to put the .bpmodel.
    useDocument.getState().load(result.model, { name: result.model.name, unsaved: true });
    noteImported(baseName(result.path), result.imported.hasData);
  } else {
    useDocument.getState().load(result.model, { path: result.path, name: baseName(result.path) });
  }
  for (const check of openedChecks) void check(host);
}

export async function openExample(host: Host, id: string) {
  let model: ModelFile;
  try {
    // Examples are pure data shipped with the app; the host is asked only for ids it knows and we do not.
    model = exampleById(id)?.model() ?? (await host.loadExample(id));
  } catch (err) {
    showMessage(t('editor.file.couldNotOpenExample'), errorText(err));
    return;
  }
  if (!(await settleUnsaved(host))) return;
  useDocument.getState().load(model, { name: model.name });
}

/** A dropped file: desktop opens it by path; the web reads its text and it becomes an unsaved document. */
export async function openDroppedFile(host: Host, file: File) {
  const path = host.getPathForFile(file);
  if (path) return openPath(host, path);
  if (IMPORT_ENDINGS.some((ending) => file.name.toLowerCase().endsWith(ending))) {
    // The browser hands over bytes without a path; the host imports files it reads itself.
    noteDroppedImport(file.name);
    return;
  }
  let parsed;
  try {
    parsed = parseModelText(await file.text());
  } catch (err) {
    showMessage(t('editor.file.couldNotOpen', { name: file.name }), errorText(err));
    return;
  }
  if (!parsed.ok) {
    showProblems(t('editor.file.couldNotBeOpened', { name: file.name }), parsed.problems);
    return;
  }
  if (!(await settleUnsaved(host))) return;
  useDocument.getState().load(parsed.model, { name: file.name });
}

async function writeTo(host: Host, path: string): Promise<boolean> {
  let result;
  try {
    const model = toModelFile(currentViewport());
    // A CSV chosen while the document was unsaved has an absolute path: keep it relative to the file.
    if ('csv' in model.data) model.data = { ...model.data, csv: dataPathFor(path, model.data.csv) };
    // Saved elsewhere before: the host rewrites a relative CSV path from there to the new folder.
    result = await host.saveModel(path, model, useDocument.getState().path ?? undefined);
  } catch (err) {
    result = { ok: false as const, path, message: errorText(err) };
  }
  if (!result.ok) {
    showMessage(t('editor.file.couldNotSave', { name: baseName(path) }), result.message);
    return false;
  }
  useDocument.getState().markSaved(result.path);
  return true;
}

export async function save(host: Host): Promise<boolean> {
  const { path } = useDocument.getState();
  return path ? writeTo(host, path) : saveAs(host);
}

export async function saveAs(host: Host): Promise<boolean> {
  const { name } = useDocument.getState();
  const suggested = name.endsWith(MODEL_EXTENSION)
    ? name
    : `${name || t('editor.untitled')}${MODEL_EXTENSION}`;
  const path = await pickSave(host, suggested);
  return path ? writeTo(host, path) : false;
}

function errorText(err: unknown) {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Restores a copy as this window's document: unsaved, with its file path if it had one. The
 * copy becomes this window's own (written at once), and the old entry goes. False when the
 * copy could not be read (the message says why) or the user kept the current document.
 */
export async function restoreEntry(host: Host, entry: RecoveryEntry): Promise<boolean> {
  let result;
  try {
    result = await host.readRecovery(entry.id);
  } catch (err) {
    showMessage(
      t('editor.recovery.couldNotRestore', { name: entry.name }),
      err instanceof Error ? err.message : String(err),
    );
    return false;
  }
  if (!result.ok) {
    showMessage(t('editor.recovery.couldNotRestore', { name: entry.name }), result.message);
    return false;
  }
  if (!(await settleUnsaved(host))) return false;
  useDocument.getState().load(result.model, {
    path: result.entry.path,
    name: result.entry.name,
    unsaved: true,
  });
  await flushOwnCopy();
  await host.discardRecovery(entry.id).catch(() => undefined);
  return true;
}
