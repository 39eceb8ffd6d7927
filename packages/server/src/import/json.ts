/**
 * Streaming readers for JSON imports: a top-level array of positions, split into its elements
 * without holding the whole document, and NDJSON (one position per line). Each element is parsed
 * on its own, so one malformed record is one rejected row, not a failed import.
 */

export interface JsonRecord {
  /** 1-based element (array) or line (NDJSON) number. */
  row: number;
  value?: unknown;
  /** Set when the record is not valid JSON. */
  invalid?: true;
}

/** Elements of a top-level JSON array; a body that is not an array yields one invalid record. */
export async function* readJsonArray(chunks: AsyncIterable<string>): AsyncGenerator<JsonRecord> {
  let started = false;
  let ended = false;
  let depth = 0;
  let inString = false;
  let escape = false;
  let buf = '';
  let row = 0;
  let trailing = false;

  const emit = (): JsonRecord | null => {
    const text = buf.trim();
    buf = '';
    if (text === '') return null;
    row++;
    try {
      return { row, value: JSON.parse(text) as unknown };
    } catch {
      return { row, invalid: true };
    }
  };

  for await (const chunk of chunks) {
    const out: JsonRecord[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (!started) {
        if (c === 0x5b) {
          started = true;
          start = i + 1;
        } else if (!(c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff)) {
          yield { row: 1, invalid: true };
          return;
        }
        continue;
      }
      if (ended) {
        if (!(c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) trailing = true;
        continue;
      }
      if (inString) {
        if (escape) escape = false;
        else if (c === 0x5c) escape = true;
        else if (c === 0x22) inString = false;
        continue;
      }
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (depth === 0 && c === 0x5d) {
          buf += chunk.slice(start, i);
          const r = emit();
          if (r) out.push(r);
          ended = true;
          continue;
        }
        depth--;
      } else if (c === 0x2c && depth === 0) {
        buf += chunk.slice(start, i);
        const r = emit();
        if (r) out.push(r);
        else out.push({ row: ++row, invalid: true });
        start = i + 1;
      }
    }
    if (started && !ended) buf += chunk.slice(start);
    for (const r of out) yield r;
  }
  if (!started) yield { row: 1, invalid: true };
  else if (!ended || trailing) yield { row: row + 1, invalid: true };
}

/** Lines of NDJSON; blank lines are skipped. */
export async function* readNdjson(chunks: AsyncIterable<string>): AsyncGenerator<JsonRecord> {
  let rest = '';
  let line = 0;
  const parse = (text: string): JsonRecord | null => {
    line++;
    if (text.trim() === '') return null;
    try {
      return { row: line, value: JSON.parse(text) as unknown };
    } catch {
      return { row: line, invalid: true };
    }
  };
  for await (const chunk of chunks) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) {
      const r = parse(p);
      if (r) yield r;
    }
  }
  const r = parse(rest);
  if (r) yield r;
}
