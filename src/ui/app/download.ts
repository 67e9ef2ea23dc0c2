// Save text or a blob as a file through a temporary link. The last download is remembered for the test hook.
export interface DownloadRecord {
  name: string;
  type: string;
  size: number;
  /** The text, for text downloads (CSV, JSON, Python, YAML). */
  text?: string;
}

let last: DownloadRecord | null = null;

export function lastDownload(): DownloadRecord | null {
  return last;
}

export function download(name: string, data: string | Blob, type = 'application/octet-stream'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  last = { name, type: blob.type || type, size: blob.size, ...(typeof data === 'string' ? { text: data } : {}) };
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
