/** A command as a person would type it back: words with spaces or quotes are quoted. */
export function formatCommand(args: string[]): string {
  return args.map((arg) => (arg === '' || /[\s"'\\$`]/.test(arg) ? JSON.stringify(arg) : arg)).join(' ');
}
