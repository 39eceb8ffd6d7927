/** Structured logs: one JSON object a line on stdout, with the request id when there is one. */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * A personal fiscal code (16 characters, omocodia letters included) anywhere in a line: a request
 * path, a SQL error's detail, a field. Entities' 11-digit codes are not a person's and stay.
 */
const PERSONAL_FISCAL_CODE =
  /(?<![A-Za-z0-9])[A-Za-z]{6}[0-9LMNP-Vlmnp-v]{2}[A-Ea-eHhLlMmPpR-Tr-t][0-9LMNP-Vlmnp-v]{2}[A-Za-z][0-9LMNP-Vlmnp-v]{3}[A-Za-z](?![A-Za-z0-9])/g;

/**
 * Masks the fiscal codes in a text: the first two and the last character stay, enough to tell two
 * lines apart while reading a log, not to name the person.
 * @example maskFiscalCodes('cf RSSMRA85T10A562S') // 'cf RS*************S'
 */
export function maskFiscalCodes(text: string): string {
  return text.replace(PERSONAL_FISCAL_CODE, (cf) => `${cf.slice(0, 2)}${'*'.repeat(13)}${cf.slice(-1)}`);
}

/** A logger writing JSON lines to a sink (stdout by default); fiscal codes are masked. */
export function createLogger(
  level: LogLevel,
  sink: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Logger {
  const min = ORDER[level];
  const log =
    (lvl: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (ORDER[lvl] < min) return;
      sink(maskFiscalCodes(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields })));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that keeps lines in memory, for tests. */
export function memoryLogger(): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('debug', (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
  return Object.assign(logger, { lines });
}
