/**
 * The file a widget offers for download (`saveFile`): its blob and the name it is saved under,
 * caught without the browser saving anything.
 */
export async function catchDownload(
  act: () => void,
  waitUntil: (pred: () => boolean, message: string, opts: { timeout: number }) => Promise<void>,
): Promise<{ blob: Blob; name: string }> {
  const blobs: Blob[] = [];
  const names: string[] = [];
  const createObjectURL = URL.createObjectURL.bind(URL);
  const click = HTMLAnchorElement.prototype.click;
  URL.createObjectURL = (b: Blob | MediaSource) => {
    blobs.push(b as Blob);
    return createObjectURL(b);
  };
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    if (this.download) names.push(this.download);
    else click.call(this);
  };
  try {
    act();
    await waitUntil(() => names.length === 1, 'file saved', { timeout: 5000 });
  } finally {
    URL.createObjectURL = createObjectURL;
    HTMLAnchorElement.prototype.click = click;
  }
  return { blob: blobs[0] as Blob, name: names[0] as string };
}

/** A small `.ics` as the server answers it. */
export const ICS =
  'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Pagatore//Portale pagamenti//IT\r\nEND:VCALENDAR\r\n';
