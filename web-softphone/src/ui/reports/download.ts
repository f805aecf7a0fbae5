import { ApiError, getToken } from '../../lib/api.js';
import { filenameOf } from './report-format.js';

/**
 * Saves what an API path answers as a file. The API wants the bearer token, which a plain link
 * cannot carry, so the file is fetched and handed to the browser as a blob.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  const token = getToken();
  let res: Response;
  try {
    res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  if (!res.ok) {
    let body: { error?: string; message?: string } = {};
    try {
      body = JSON.parse(await res.text()) as typeof body;
    } catch {
      // Not JSON: the status line says enough.
    }
    throw new ApiError(
      res.status,
      body.error ?? `http_${res.status}`,
      body.message ?? `${res.status} ${res.statusText}`,
    );
  }
  const name = filenameOf(res.headers.get('content-disposition')) ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the blob only after click() has returned.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
