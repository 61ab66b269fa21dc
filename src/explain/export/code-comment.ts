/** Comment text on one line that cannot end a block comment: names in the generated policies' comments. */
export function commentSafe(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\*\//g, '* /');
}
