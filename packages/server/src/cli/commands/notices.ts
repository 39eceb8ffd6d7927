/**
 * `pagatore notices <out.zip|out.pdf> --entity <code>`: the payment notices of an entity's
 * positions straight from DATABASE_URL, as a ZIP of PDFs written while it renders (flat memory) or
 * one merged PDF.
 */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../../config/index.js';
import { mergedNoticesPdf, noticesZip, writeNoticesZip, type BundleFailure } from '../../notices/bulk.js';
import { positionNotices } from '../../notices/from-position.js';
import { NOTICE_LANGUAGES, type NoticeLanguage } from '../../notices/notice-data.js';
import { type Args, opt } from '../args.js';
import { fieldLines, withEntity } from './with-database.js';

const USAGE = `Usage:
  pagatore notices <out.zip|out.pdf> --entity <code> [--iupd A,B,…] [--due-from YYYY-MM-DD] [--due-to YYYY-MM-DD] [--lang it|en|de|it-de|it-en] [--pay-links DAYS]
Without --iupd: every position with something left to pay. A .pdf output merges the notices (at most 500).
--pay-links DAYS prints on each notice a new "Paga ora" link valid DAYS days (1-366) as a second QR code.
Exit code: 0 all printed, 3 some skipped (listed), 1-2 nothing written.`;

export async function noticesCommand(args: Args): Promise<number> {
  const [out] = args.positional;
  const entityCode = opt(args, 'entity');
  const lang = opt(args, 'lang') as NoticeLanguage | undefined;
  const date = /^\d{4}-\d{2}-\d{2}$/;
  const dueFrom = opt(args, 'due-from');
  const dueTo = opt(args, 'due-to');
  const payLinks = opt(args, 'pay-links');
  const payLinkDays =
    payLinks === undefined ? undefined : /^\d{1,3}$/.test(payLinks) ? Number(payLinks) : NaN;
  if (
    !out ||
    !/\.(zip|pdf)$/i.test(out) ||
    !entityCode ||
    (lang && !NOTICE_LANGUAGES.includes(lang)) ||
    (dueFrom && !date.test(dueFrom)) ||
    (dueTo && !date.test(dueTo)) ||
    (payLinkDays !== undefined && !(payLinkDays >= 1 && payLinkDays <= 366))
  ) {
    console.error(USAGE);
    return 2;
  }
  const iupds = opt(args, 'iupd')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const publicUrl = loadConfig(process.env, { mode: 'demo' }).publicUrl;
  return withEntity(entityCode, async ({ db }, entity) => {
    if (payLinkDays && !entity.portal_url) {
      console.error(`Entity ${entityCode} has no portal URL: pay links cannot open anything.`);
      return 1;
    }
    const missing: string[] = [];
    const failures: BundleFailure[] = [];
    let printed = 0;
    const items = positionNotices(
      db,
      entityCode,
      {
        iupds,
        dueFrom,
        dueTo,
        language: lang,
        publicUrl,
        ...(payLinkDays ? { payLink: { days: payLinkDays, now: new Date() } } : {}),
      },
      { onMissing: (iupd) => missing.push(iupd) },
    );
    const counted = (async function* () {
      for await (const item of items) {
        printed++;
        if (process.stderr.isTTY && printed % 100 === 0) process.stderr.write(`\r${printed} notices`);
        yield item;
      }
    })();
    if (/\.pdf$/i.test(out)) {
      try {
        const { pdf, count } = await mergedNoticesPdf(counted, { onFailure: (f) => failures.push(f) });
        await writeFile(out, pdf);
        printed = count;
      } catch (e) {
        if (e instanceof RangeError) {
          console.error(`${e.message}: write a .zip instead.`);
          return 1;
        }
        throw e;
      }
    } else {
      const stream = noticesZip(counted, {
        onFailure: (f) => failures.push(f),
        notes: () => missing.map((iupd) => `${iupd}: not found`),
      });
      await writeNoticesZip(stream, createWriteStream(out));
      printed -= failures.length;
    }
    if (process.stderr.isTTY) process.stderr.write('\r');
    for (const f of failures) {
      console.error(`${f.name}: not printable`);
      for (const line of fieldLines(f.fields)) console.error(line);
    }
    for (const iupd of missing) console.error(`${iupd}: not found`);
    console.log(`${printed} notices written to ${out}.`);
    if (printed === 0) return 1;
    return failures.length || missing.length ? 3 : 0;
  });
}
