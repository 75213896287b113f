/**
 * The API writes its messages, notification titles and bodies as "English / 中文". The page shows the half
 * in the reader's language when the text splits cleanly in two, the whole text otherwise.
 */
export function inLocale(text: string, locale: string): string {
  const parts = text.split(' / ');
  if (parts.length !== 2) return text;
  const [english, chinese] = parts as [string, string];
  return locale.startsWith('zh') ? chinese : english;
}
