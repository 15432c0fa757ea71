/** The app's modal dialogs: unsaved changes, a file's problems, messages, and the web file picker. */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { DirListing, Host } from '../../shared/host';
import { useUi, type Dialog } from '../store/ui';

export function Dialogs({ host }: { host: Host }) {
  const dialog = useUi((s) => s.dialog);
  if (!dialog) return null;
  return <DialogBody dialog={dialog} host={host} />;
}

function DialogBody({ dialog, host }: { dialog: Dialog; host: Host }) {
  const close = useUi((s) => s.closeDialog);
  switch (dialog.type) {
    case 'unsaved':
      return (
        <Modal title="Save changes?" onCancel={() => dialog.resolve('cancel')}>
          <p>
            Do you want to save the changes you made to <strong>{dialog.name}</strong>? Your changes
            will be lost if you don’t save them.
          </p>
          <div className="bp-dialog__buttons">
            <button type="button" onClick={() => dialog.resolve('discard')}>
              Don’t Save
            </button>
            <span className="bp-spacer" />
            <button type="button" onClick={() => dialog.resolve('cancel')}>
              Cancel
            </button>
            <button
              type="button"
              className="is-primary"
              autoFocus
              onClick={() => dialog.resolve('save')}
            >
              Save
            </button>
          </div>
        </Modal>
      );
    case 'problems':
      return (
        <Modal title={dialog.title} onCancel={close}>
          <p>
            {dialog.intro ?? (
              <>
                {dialog.problems.length === 1
                  ? 'The file has 1 problem:'
                  : `The file has ${dialog.problems.length} problems:`}{' '}
                the current document was left as it was.
              </>
            )}
          </p>
          <ul className="bp-file-problems" aria-label="File problems">
            {dialog.problems.map((p, i) => (
              <li key={i}>
                {p.path && (
                  <>
                    <code>{p.path}</code>:{' '}
                  </>
                )}
                {p.message}
              </li>
            ))}
          </ul>
          <div className="bp-dialog__buttons">
            <span className="bp-spacer" />
            <button type="button" className="is-primary" autoFocus onClick={close}>
              OK
            </button>
          </div>
        </Modal>
      );
    case 'confirm':
      return (
        <Modal title={dialog.title} onCancel={() => dialog.resolve(false)}>
          <p>{dialog.message}</p>
          <div className="bp-dialog__buttons">
            <span className="bp-spacer" />
            <button type="button" onClick={() => dialog.resolve(false)}>
              Cancel
            </button>
            <button
              type="button"
              className="is-primary"
              autoFocus
              onClick={() => dialog.resolve(true)}
            >
              {dialog.confirmLabel}
            </button>
          </div>
        </Modal>
      );
    case 'message':
      return (
        <Modal title={dialog.title} onCancel={close}>
          <p>{dialog.message}</p>
          <div className="bp-dialog__buttons">
            <span className="bp-spacer" />
            <button type="button" className="is-primary" autoFocus onClick={close}>
              OK
            </button>
          </div>
        </Modal>
      );
    case 'file':
      return <FilePicker host={host} dialog={dialog} />;
  }
}

export function Modal({
  title,
  onCancel,
  children,
  wide,
}: {
  title: string;
  onCancel: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // Unique, so a dialog opened over another (a file picker over the Data panel) keeps its own name.
  const titleId = useId();
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    if (!ref.current?.contains(document.activeElement)) ref.current?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="bp-backdrop">
      <div
        ref={ref}
        className={`bp-dialog${wide ? ' is-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onCancel();
          }
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

function FilePicker({ host, dialog }: { host: Host; dialog: Extract<Dialog, { type: 'file' }> }) {
  const [listing, setListing] = useState<DirListing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState(dialog.suggestedName);
  const [chosen, setChosen] = useState<string | null>(null);

  function go(path?: string) {
    setError(null);
    host.listDirectory(path).then(
      (l) => {
        setListing(l);
        setChosen(null);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }
  // Start in the working folder.
  useEffect(() => {
    let live = true;
    host.listDirectory().then(
      (l) => live && setListing(l),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [host]);

  const join = (dir: string, file: string) => `${dir.replace(/[\\/]$/, '')}/${file}`;
  const saving = dialog.mode === 'save';
  const data = dialog.mode === 'data';
  const entries = (listing?.entries ?? []).filter(
    (e) =>
      e.isDirectory ||
      (data
        ? e.name.toLowerCase().endsWith('.csv')
        : e.name.endsWith('.bpmodel') || e.name.endsWith('.json')),
  );

  function confirm() {
    if (saving) {
      if (listing && name.trim()) dialog.resolve(join(listing.path, name.trim()));
    } else if (chosen) dialog.resolve(chosen);
  }

  return (
    <Modal
      title={saving ? 'Save as' : data ? 'Open a CSV data file' : 'Open a model'}
      onCancel={() => dialog.resolve(null)}
      wide
    >
      <div className="bp-picker__path">
        <button
          type="button"
          aria-label="Up one folder"
          disabled={!listing?.parent}
          onClick={() => listing?.parent && go(listing.parent)}
        >
          ↑
        </button>
        <code title={listing?.path}>{listing?.path ?? '…'}</code>
      </div>
      {error && (
        <p className="bp-field__error" role="alert">
          {error}
        </p>
      )}
      <ul className="bp-picker__list" aria-label="Files">
        {entries.map((e) => (
          <li key={e.path}>
            <button
              type="button"
              className={chosen === e.path ? 'is-chosen' : undefined}
              onClick={() => {
                if (e.isDirectory) go(e.path);
                else if (saving) setName(e.name);
                else setChosen(e.path);
              }}
              onDoubleClick={() => !e.isDirectory && !saving && dialog.resolve(e.path)}
            >
              <span aria-hidden="true">{e.isDirectory ? '📁' : '📄'}</span> {e.name}
            </button>
          </li>
        ))}
        {listing && entries.length === 0 && (
          <li className="bp-hint">No {data ? 'CSV' : 'model'} files here.</li>
        )}
      </ul>
      {saving && (
        <label className="bp-picker__name">
          File name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && confirm()}
            autoFocus
          />
        </label>
      )}
      <div className="bp-dialog__buttons">
        <span className="bp-spacer" />
        <button type="button" onClick={() => dialog.resolve(null)}>
          Cancel
        </button>
        <button
          type="button"
          className="is-primary"
          disabled={saving ? !name.trim() || !listing : !chosen}
          onClick={confirm}
        >
          {saving ? 'Save' : 'Open'}
        </button>
      </div>
    </Modal>
  );
}
