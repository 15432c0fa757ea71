/** The Data panel's CSV reader, off the UI thread (preview.ts starts it). */
import { DataError } from '../../../src/model/csv';
import { buildPreview, headPreview, type WorkerReply } from './preview';

const post = (reply: WorkerReply) => (self as unknown as Worker).postMessage(reply);

/** Text, or a dropped file (a Blob, read here so the UI thread never copies 50 MB). */
self.onmessage = async (e: MessageEvent<string | Blob>) => {
  try {
    const text = typeof e.data === 'string' ? e.data : await e.data.text();
    const head = headPreview(text);
    if (head) post({ type: 'head', preview: head });
    const preview = buildPreview(text, (fraction) => post({ type: 'progress', fraction }));
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
