/** The Data panel's CSV reader, off the UI thread (preview.ts starts it). */
import { DataError } from '../../../src/model/csv';
import { buildPreview, type WorkerReply } from './preview';

const post = (reply: WorkerReply) => (self as unknown as Worker).postMessage(reply);

self.onmessage = (e: MessageEvent<string>) => {
  try {
    const preview = buildPreview(e.data, (fraction) => post({ type: 'progress', fraction }));
    post({ type: 'done', preview });
  } catch (error) {
    post({
      type: 'error',
      problems:
        error instanceof DataError
          ? error.problems
          : [error instanceof Error ? error.message : String(error)],
    });
  }
};
