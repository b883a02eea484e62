import { RejectionsPage } from '@tideline/contracts';
import type { Response } from 'express';

const PAGE = 10_000;

/**
 * A cell as CSV: quoted when needed, and a leading = + - @ (or tab/CR) prefixed with ' so a
 * spreadsheet shows the text instead of running it as a formula.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Streams rejections page by page (ordered by line), never holding them all. */
export async function writeRejectionsCsv(
  res: Response,
  filename: string,
  page: (afterLine: number, limit: number) => Promise<RejectionsPage>,
): Promise<void> {
  res.status(200).type('text/csv; charset=utf-8').attachment(filename);
  res.write('line,column,value,reason\n');
  let afterLine = 0;
  for (;;) {
    const { items } = await page(afterLine, PAGE);
    if (items.length === 0) break;
    res.write(items.map((r) => [r.line, csvCell(r.column), csvCell(r.value), csvCell(r.reason)].join(',')).join('\n') + '\n');
    afterLine = items[items.length - 1].line;
    if (items.length < PAGE) break;
  }
  res.end();
}
