/**
 * For the top bar's tests: the file and canvas actions registered once, and before each test a
 * new document, no dialog or menu open and `host` as the actions' host; after each test the
 * rendered tree is unmounted and the actions' context cleared.
 */
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import type { Host } from '../../../shared/host';
import { setActionContext } from '../../actions/registry';
import { registerCanvasActions } from '../../canvas/actions';
import { registerFileActions } from '../../files/actions';
import { newModel } from '../../common/model';
import { useDocument } from '../../store/document';
import { useUi } from '../../store/ui';

/** Registers the hooks above in the calling test file; `name` is the new document's. */
export function withShell(host: Host, name: string): void {
  beforeAll(() => {
    registerFileActions();
    registerCanvasActions();
  });

  beforeEach(() => {
    useDocument.getState().load(newModel(), { name });
    useUi.setState({ dialog: null, menu: null });
    setActionContext({ host, flow: null });
  });

  afterEach(() => {
    cleanup();
    setActionContext(null);
  });
}
