/**
 * Saving what a view shows: a canvas as PNG, numbers as CSV. Both hosts let
 * the browser download a blob (the web host into the browser's downloads,
 * the desktop host through Electron's save dialog); the CSP allows blob: URLs.
 */
import Papa from 'papaparse';

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // After the click has handed the blob to the download.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function savePng(canvas: HTMLCanvasElement, fileName: string): void {
  canvas.toBlob((blob) => blob && download(blob, fileName), 'image/png');
}

/** Rows (the first one the header) as a CSV file. */
export function saveCsv(rows: (string | number)[][], fileName: string): void {
  const text = Papa.unparse(rows, { newline: '\n' });
  download(new Blob([`${text}\n`], { type: 'text/csv' }), fileName);
}

/** `article network` → `article-network`, for file names. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '') || 'model'
  );
}
