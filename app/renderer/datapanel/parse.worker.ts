/** The Data panel's CSV reader, off the UI thread (preview.ts starts it). */
import { DataError } from '#src/model/csv';
import { setLanguage } from '#src/i18n';
import { buildPreview, headPreview, type WorkerJob, type WorkerReply } from './preview';

const post = (reply: WorkerReply) => (self as unknown as Worker).postMessage(reply);

/** Text, or a dropped file (a Blob, read here so the UI thread never copies 50 MB). */
self.onmessage = async (e: MessageEvent<WorkerJob>) => {
  // The worker has its own catalogue instance: the problems it words follow the window's language.
  setLanguage(e.data.language);
  try {
    const source = e.data.source;
    const text = typeof source === 'string' ? source : await source.text();
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
