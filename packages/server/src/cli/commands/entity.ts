/** `pagatore entity create|update|list`: the entities this server hosts. */
import { readFileSync } from 'node:fs';
import { EntityCreate, EntitySettingsUpdate } from '@pagatore/sdk';
import { validate } from '../../core/messages.js';
import { listEntities } from '../../entities/entities.js';
import { modeOf } from '../../config/index.js';
import { createEntity, modeProblems, updateEntitySettings } from '../../entities/entity-settings.js';
import { type Args, opt } from '../args.js';
import { fieldLines, withDatabase, withEntity } from './with-database.js';

const USAGE = `Usage:
  pagatore entity create --code <11 digits> --name <name> [options]
  pagatore entity update <code> [options]
  pagatore entity list
Options: --article <il|lo|la|l'|i|gli|le|none> --sector --info --logo-url --aux <0-3> --segregation <2 digits> --iban <IBAN[,IBAN]>
  --postal-account <number> --postal-holder <name> --postal-authorization <text> --cbill <code>
  --origins <https://a,https://b> --portal-url <url> --spontaneous <yes|no>
  --privacy-file <file> --privacy-version <v> --online-channel <text>
  --private-targets <yes|no>   (webhooks and logo may reach the entity's own network: loopback,
                                private, link-local addresses; no by default)
  --own-registration <yes|no>  (the portal's own registration form; no: accounts only from SPID
                                and CIE; yes by default)
  --from <settings.json>   (the admin API's settings JSON, e.g. privacy texts per language; options
                            given override it)`;

function list(s: string | undefined): string[] | undefined {
  return s === undefined
    ? undefined
    : s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
}

/** Settings from options (and --from), shaped like the admin API's JSON. */
function settingsFrom(args: Args): Record<string, unknown> {
  const from = opt(args, 'from');
  const base = from ? (JSON.parse(readFileSync(from, 'utf8')) as Record<string, unknown>) : {};
  const s: Record<string, unknown> = { ...base };
  const set = (key: string, value: unknown) => {
    if (value !== undefined) s[key] = value;
  };
  set('code', opt(args, 'code'));
  set('name', opt(args, 'name'));
  const article = opt(args, 'article');
  set('article', article === 'none' ? null : article);
  set('sector', opt(args, 'sector'));
  set('info', opt(args, 'info'));
  set('logoUrl', opt(args, 'logo-url'));
  const aux = opt(args, 'aux');
  set('auxDigit', aux === undefined ? undefined : Number(aux));
  set('segregationCode', opt(args, 'segregation'));
  set('ibans', list(opt(args, 'iban')));
  const postal = opt(args, 'postal-account');
  if (postal !== undefined) {
    s.postalAccount =
      postal === ''
        ? null
        : {
            number: postal,
            holder: opt(args, 'postal-holder') ?? '',
            authorization: opt(args, 'postal-authorization') ?? null,
          };
  }
  set('cbillCode', opt(args, 'cbill'));
  set('allowedOrigins', list(opt(args, 'origins')));
  set('portalUrl', opt(args, 'portal-url'));
  const sp = opt(args, 'spontaneous');
  set('spontaneousPayments', sp === undefined ? undefined : /^(yes|si|true|1)$/i.test(sp));
  const privacyFile = opt(args, 'privacy-file');
  if (privacyFile !== undefined)
    s.privacy = { text: readFileSync(privacyFile, 'utf8'), version: opt(args, 'privacy-version') ?? '1' };
  set('onlineChannel', opt(args, 'online-channel'));
  const priv = opt(args, 'private-targets');
  set('allowPrivateTargets', priv === undefined ? undefined : /^(yes|si|true|1)$/i.test(priv));
  const reg = opt(args, 'own-registration');
  set('ownRegistration', reg === undefined ? undefined : /^(yes|si|true|1)$/i.test(reg));
  return s;
}

export async function entityCommand(args: Args): Promise<number> {
  const [sub, code] = args.positional;
  if (sub === 'list') {
    return withDatabase(async ({ db }) => {
      const rows = await listEntities(db);
      if (rows.length === 0) console.log('No entities.');
      for (const r of rows) {
        console.log(
          `${r.code}  aux ${r.aux_digit}${r.segregation_code ? `/${r.segregation_code}` : ''}  ${r.name}`,
        );
      }
      return 0;
    });
  }
  if (sub === 'create') {
    const r = validate(EntityCreate, settingsFrom(args), 'en');
    const problems = r.ok ? modeProblems(r.value, modeOf(process.env), 'en') : r.fields;
    if (!r.ok || problems.length > 0) {
      console.error(['Invalid entity:', ...fieldLines(problems)].join('\n'));
      return 2;
    }
    return withDatabase(async ({ db }) => {
      if (!(await createEntity(db, r.value, new Date()))) {
        console.error(
          `Entity ${r.value.code} already exists (use: pagatore entity update ${r.value.code} …).`,
        );
        return 1;
      }
      console.log(`Created entity ${r.value.code} ${r.value.name}.`);
      return 0;
    });
  }
  if (sub === 'update' && code) {
    const { code: _ignored, ...settings } = settingsFrom(args);
    const r = validate(EntitySettingsUpdate, settings, 'en');
    const problems = r.ok ? modeProblems(r.value, modeOf(process.env), 'en') : r.fields;
    if (!r.ok || problems.length > 0) {
      console.error(['Invalid settings:', ...fieldLines(problems)].join('\n'));
      return 2;
    }
    return withEntity(code, async ({ db }, row) => {
      const aux = r.value.auxDigit ?? row.aux_digit;
      const seg = r.value.segregationCode !== undefined ? r.value.segregationCode : row.segregation_code;
      if ((aux === 0 || aux === 3) && !seg) {
        console.error('Aux digits 0 and 3 need --segregation <2 digits>.');
        return 2;
      }
      await updateEntitySettings(db, code, r.value, new Date());
      console.log(`Updated entity ${code}.`);
      return 0;
    });
  }
  console.error(USAGE);
  return 2;
}
