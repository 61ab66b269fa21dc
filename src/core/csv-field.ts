/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). Imports nothing: the browser bundle uses it too. */
export const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** One CSV line's fields, quoted ones unquoted (RFC 4180, as `csvField` writes them; no line breaks inside a field). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (; i < line.length; i++) {
        if (line[i] !== '"') field += line[i];
        else if (line[i + 1] === '"') field += line[i++];
        else break;
      }
      i++; // the closing quote
      const comma = line.indexOf(',', i);
      field += line.slice(i, comma < 0 ? line.length : comma); // anything between the quote and the comma, as spreadsheets keep it
      i = comma < 0 ? line.length : comma;
    } else {
      const comma = line.indexOf(',', i);
      field = line.slice(i, comma < 0 ? line.length : comma);
      i = comma < 0 ? line.length : comma;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // the comma
  }
}
