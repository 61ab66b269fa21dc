/** A word as a POSIX shell reads it back: as it is when safe, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w./:@+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
