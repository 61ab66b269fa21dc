/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). Imports nothing: the browser bundle uses it too. */
export const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
