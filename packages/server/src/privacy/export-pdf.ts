/**
 * The readable summary of a data export: the same sections as the JSON, each row one block of
 * "field: value" lines, in the citizen's language. The JSON is the complete copy; this is what a
 * person reads, or what the entity mails in reply to a request received by post.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { DataExport, Lang } from '@pagatore/sdk';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';

/**
 * fontkit, loaded on the first PDF rather than with the server: its module holds ≈ 30 MB of
 * Unicode and shaping data that a server which never renders this PDF need not carry.
 */
const loadFontkit = async () => (await import('@pdf-lib/fontkit')).default;

const require = createRequire(import.meta.url);
const FONT_REGULAR = '@expo-google-fonts/titillium-web/400Regular/TitilliumWeb_400Regular.ttf';
const FONT_BOLD = '@expo-google-fonts/titillium-web/700Bold/TitilliumWeb_700Bold.ttf';

const MM = 72 / 25.4;
const PAGE: [number, number] = [210 * MM, 297 * MM];
const LEFT = 15 * MM;
const WIDTH = 180 * MM;
const TOP = 282 * MM;
const BOTTOM = 15 * MM;
const GREY = rgb(0.36, 0.44, 0.51);

const LABELS = {
  it: {
    title: 'I tuoi dati personali',
    intro:
      'Riepilogo di tutti i dati che il portale dei pagamenti conserva sul tuo account (art. 15 e 20 GDPR). Il file JSON scaricabile dallo stesso menu ne è la copia completa, leggibile da un programma.',
    generated: 'Generato il',
    account: 'Profilo',
    none: 'Nessun dato.',
    sections: {
      fiscalCodes: 'Codici fiscali verificati',
      identities: 'Identità digitali (SPID, CIE)',
      consents: 'Consensi dati e revocati',
      practices: 'Pratiche',
      cart: 'Carrello',
      payments: 'Pagamenti',
      paymentItems: 'Pratiche dei pagamenti',
      receipts: 'Ricevute',
      reminders: 'Promemoria inviati',
      sessions: 'Accessi',
      mailedLinks: 'Link inviati per e-mail',
      activity: "Attività dell'account",
    },
  },
  en: {
    title: 'Your personal data',
    intro:
      'A summary of all the data the payment portal keeps about your account (GDPR art. 15 and 20). The JSON file in the same menu is the complete, machine-readable copy.',
    generated: 'Generated on',
    account: 'Profile',
    none: 'No data.',
    sections: {
      fiscalCodes: 'Verified fiscal codes',
      identities: 'Digital identities (SPID, CIE)',
      consents: 'Consents given and withdrawn',
      practices: 'Practices',
      cart: 'Cart',
      payments: 'Payments',
      paymentItems: 'Practices of the payments',
      receipts: 'Receipts',
      reminders: 'Reminders sent',
      sessions: 'Logins',
      mailedLinks: 'Links sent by e-mail',
      activity: 'Account activity',
    },
  },
  de: {
    title: 'Ihre personenbezogenen Daten',
    intro:
      'Übersicht aller Daten, die das Zahlungsportal zu Ihrem Konto speichert (Art. 15 und 20 DSGVO). Die JSON-Datei im selben Menü ist die vollständige, maschinenlesbare Kopie.',
    generated: 'Erstellt am',
    account: 'Profil',
    none: 'Keine Daten.',
    sections: {
      fiscalCodes: 'Bestätigte Steuernummern',
      identities: 'Digitale Identitäten (SPID, CIE)',
      consents: 'Erteilte und widerrufene Einwilligungen',
      practices: 'Vorgänge',
      cart: 'Warenkorb',
      payments: 'Zahlungen',
      paymentItems: 'Vorgänge der Zahlungen',
      receipts: 'Quittungen',
      reminders: 'Gesendete Erinnerungen',
      sessions: 'Anmeldungen',
      mailedLinks: 'Per E-Mail gesendete Links',
      activity: 'Kontoaktivität',
    },
  },
} as const satisfies Record<Lang, unknown>;

/** Breaks text into lines that fit a width (a word longer than the width is cut). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      let w = word;
      while (font.widthOfTextAtSize(w, size) > width) {
        let cut = w.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(w.slice(0, cut), size) > width) cut--;
        if (line) out.push(line);
        out.push(w.slice(0, cut));
        line = '';
        w = w.slice(cut);
      }
      const next = line ? `${line} ${w}` : w;
      if (font.widthOfTextAtSize(next, size) <= width) line = next;
      else {
        out.push(line);
        line = w;
      }
    }
    out.push(line);
  }
  return out;
}

/** Keeps only what the embedded font can draw. */
function drawable(font: PDFFont, s: string): string {
  const set = new Set(font.getCharacterSet());
  return [...s.replace(/[\t\r]/g, ' ')]
    .map((ch) => (set.has(ch.codePointAt(0)!) || ch === '\n' ? ch : '?'))
    .join('');
}

const show = (v: unknown): string =>
  v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** Renders the summary of an export. */
export async function renderExportPdf(data: DataExport, lang: Lang = 'it'): Promise<Uint8Array> {
  const L = LABELS[lang];
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(await loadFontkit());
  pdf.setTitle(`${L.title} — ${data.entity.name}`);
  pdf.setAuthor(data.entity.name);
  pdf.setCreator('Pagatore');
  pdf.setLanguage(lang);
  const regular = await pdf.embedFont(readFileSync(require.resolve(FONT_REGULAR)), { subset: true });
  const bold = await pdf.embedFont(readFileSync(require.resolve(FONT_BOLD)), { subset: true });
  let page: PDFPage = pdf.addPage(PAGE);
  let y = TOP;
  const line = (text: string, font: PDFFont, size: number, indent = 0, color = rgb(0, 0, 0)) => {
    for (const l of wrap(drawable(font, text), font, size, WIDTH - indent)) {
      if (y - size < BOTTOM) {
        page = pdf.addPage(PAGE);
        y = TOP;
      }
      page.drawText(l, { x: LEFT + indent, y: y - size, size, font, color });
      y -= size * 1.35;
    }
  };
  const rows = (list: readonly Record<string, unknown>[]) => {
    if (list.length === 0) line(L.none, regular, 9, 0, GREY);
    list.forEach((row, i) => {
      if (i > 0) y -= 4;
      for (const [k, v] of Object.entries(row)) line(`${k}: ${show(v)}`, regular, 9, 6);
    });
  };

  line(data.entity.name, bold, 16);
  line(L.title, bold, 20);
  line(`${L.generated} ${data.generatedAt}`, regular, 9, 0, GREY);
  y -= 4;
  line(L.intro, regular, 10);
  y -= 8;
  line(L.account, bold, 13);
  rows([data.account]);
  for (const key of Object.keys(L.sections) as (keyof typeof L.sections)[]) {
    y -= 8;
    line(`${L.sections[key]} (${data.sections[key].length})`, bold, 13);
    rows(data.sections[key]);
  }
  return pdf.save();
}
