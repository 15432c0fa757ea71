/**
 * The web host's file picker (the desktop uses native dialogs). It starts in
 * the folder last opened from or saved to (remembered in localStorage), has a
 * path field to type or paste a folder or file into, lists folders and only
 * the files the action takes (`extensions`), and in save mode asks before
 * replacing a file that exists.
 */
import { useEffect, useState } from 'react';
import type { DirListing, Host } from '../../shared/host';
import { t as translate, useTranslation } from '../common/i18n';
import type { Dialog } from '../store/ui';
import { Modal } from '../common/Modal';

const UP_ARROW = '↑';
const LAST_FOLDER_KEY = 'backprop-studio.picker-folder';

/** The folder a path is in: everything before its last separator. */
export function folderOf(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = trimmed.search(/[\\/][^\\/]*$/);
  if (cut < 0) return '.';
  return cut === 0 ? trimmed.slice(0, 1) : trimmed.slice(0, cut);
}

const nameOf = (path: string) => path.replace(/[\\/]+$/, '').replace(/^.*[\\/]/, '');
const join = (dir: string, file: string) => `${dir.replace(/[\\/]$/, '')}/${file}`;
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

function rememberFolder(path: string) {
  try {
    window.localStorage.setItem(LAST_FOLDER_KEY, folderOf(path));
  } catch {
    // Storage may be off (private windows): the picker then starts in the working folder.
  }
}

function lastFolder(): string | undefined {
  try {
    return window.localStorage.getItem(LAST_FOLDER_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function FolderIcon() {
  return (
    <svg className="bp-picker__icon is-folder" viewBox="0 0 16 16" aria-hidden="true">
      <path d="M1.5 3.5h4.2l1.5 1.5h7.3v8.5h-13z" />
    </svg>
  );
}

function FileIcon() {
  return (
    <svg className="bp-picker__icon is-file" viewBox="0 0 16 16" aria-hidden="true">
      <path d="M3.5 1.5h6l3 3v10h-9zM9.5 1.5v3h3" />
    </svg>
  );
}

type FileDialog = Extract<Dialog, { type: 'file' }>;

export function FilePicker({ host, dialog }: { host: Host; dialog: FileDialog }) {
  const { t } = useTranslation();
  const saving = dialog.mode === 'save';
  const extensions = dialog.extensions;
  const takes = (name: string) => extensions.some((ext) => name.toLowerCase().endsWith(ext));
  const [listing, setListing] = useState<DirListing | null>(null);
  const [pathText, setPathText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState(dialog.suggestedName);
  const [chosen, setChosen] = useState<string | null>(null);
  /** Save mode: the existing file the user is asked about replacing. */
  const [replacing, setReplacing] = useState<string | null>(null);

  function show(l: DirListing) {
    setListing(l);
    setPathText(l.path);
    setChosen(null);
    setReplacing(null);
    setError(null);
  }

  // Start in the last-used folder; if it has gone, in the working folder.
  useEffect(() => {
    let live = true;
    const start = lastFolder();
    (start ? host.listDirectory(start).catch(() => host.listDirectory()) : host.listDirectory())
      .then((l) => live && show(l))
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [host]);

  function go(path: string) {
    host.listDirectory(path).then(show, (e: unknown) => setError(messageOf(e)));
  }

  function finish(path: string) {
    rememberFolder(path);
    dialog.resolve(path);
  }

  /** The path field: a file the action takes is opened (or named, to save); anything else is listed as a folder. */
  function goToTyped() {
    const typed = pathText.trim();
    if (!typed) return;
    const file = nameOf(typed);
    if (!takes(file)) {
      host.listDirectory(typed).then(show, (e: unknown) => setError(`${typed}: ${messageOf(e)}`));
    } else if (saving) {
      setName(file);
      go(folderOf(typed));
    } else {
      finish(typed);
    }
  }

  const entries = (listing?.entries ?? []).filter((e) => e.isDirectory || takes(e.name));
  const fileName = (() => {
    const n = name.trim();
    return !n || takes(n) ? n : `${n}${extensions[0]}`;
  })();

  function confirm() {
    if (!saving) {
      if (chosen) finish(chosen);
      return;
    }
    if (!listing || !fileName) return;
    const existing = listing.entries.find((e) => e.name === fileName);
    if (existing?.isDirectory) {
      setError(translate('dialogs.picker.isFolder', { name: fileName }));
      return;
    }
    if (existing && replacing !== fileName) {
      setReplacing(fileName);
      return;
    }
    finish(join(listing.path, fileName));
  }

  const accepted = extensions.join(', ');
  return (
    <Modal
      title={t(
        saving
          ? 'dialogs.picker.saveTitle'
          : dialog.mode === 'data'
            ? 'dialogs.picker.dataTitle'
            : 'dialogs.picker.openTitle',
      )}
      onCancel={() => dialog.resolve(null)}
      wide
    >
      <div className="bp-picker__path">
        <button
          type="button"
          aria-label={t('dialogs.picker.up')}
          title={t('dialogs.picker.up')}
          disabled={!listing?.parent}
          onClick={() => listing?.parent && go(listing.parent)}
        >
          {UP_ARROW}
        </button>
        <input
          aria-label={t('dialogs.picker.path')}
          title={t('dialogs.picker.pathHint')}
          value={pathText}
          spellCheck={false}
          onChange={(e) => setPathText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              goToTyped();
            }
          }}
        />
      </div>
      {error && (
        <p className="bp-field__error" role="alert">
          {error}
        </p>
      )}
      <ul className="bp-picker__list" aria-label={t('dialogs.picker.files')}>
        {entries.map((e) => (
          <li key={e.path}>
            <button
              type="button"
              className={chosen === e.path ? 'is-chosen' : undefined}
              aria-label={
                e.isDirectory ? t('dialogs.picker.folderEntry', { name: e.name }) : e.name
              }
              onClick={() => {
                if (e.isDirectory) go(e.path);
                else if (saving) {
                  setName(e.name);
                  setReplacing(null);
                } else setChosen(e.path);
              }}
              onDoubleClick={() => !e.isDirectory && !saving && finish(e.path)}
            >
              {e.isDirectory ? <FolderIcon /> : <FileIcon />}
              <span>{e.name}</span>
            </button>
          </li>
        ))}
        {listing && entries.length === 0 && (
          <li className="bp-hint">{t('dialogs.picker.empty', { types: accepted })}</li>
        )}
      </ul>
      {saving && (
        <label className="bp-picker__name">
          {t('dialogs.picker.fileName')}
          <input
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setReplacing(null);
            }}
            onKeyDown={(e) => e.key === 'Enter' && confirm()}
            autoFocus
          />
        </label>
      )}
      {replacing && (
        <p className="bp-picker__replace" role="alert">
          {t('dialogs.picker.exists', { name: replacing })}
        </p>
      )}
      <div className="bp-dialog__buttons">
        <span className="bp-hint">{t('dialogs.picker.shows', { types: accepted })}</span>
        <span className="bp-spacer" />
        <button type="button" onClick={() => dialog.resolve(null)}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="is-primary"
          disabled={saving ? !fileName || !listing : !chosen}
          onClick={confirm}
        >
          {t(
            replacing
              ? 'dialogs.picker.replace'
              : saving
                ? 'dialogs.picker.save'
                : 'dialogs.picker.open',
          )}
        </button>
      </div>
    </Modal>
  );
}
