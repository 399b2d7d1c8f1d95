/** The field separators a Distributed Map's CSV reader accepts (`ReaderConfig.CSVDelimiter`). */
export const CSV_DELIMITERS = {
  COMMA: ',',
  PIPE: '|',
  SEMICOLON: ';',
  SPACE: ' ',
  TAB: '\t',
} as const;

/** A `CSVDelimiter` value. */
export type CsvDelimiterName = keyof typeof CSV_DELIMITERS;

/** A text that is not valid delimited text: an unterminated quoted field. */
export class DelimitedTextError extends Error {}

/**
 * Splits delimited text into records of string fields by Step Functions' documented rules: newlines end records
 * (outside quotes), double quotes may enclose fields holding separators and newlines, a doubled quote inside quotes
 * is one quote, a backslash escapes a backslash, a quote or the separator and is dropped before anything else.
 * Blank lines hold no record.
 */
export function parseDelimited(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let touched = false;
  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    // A blank line gives one empty field and no content: it is not a record.
    if (touched || fields.length > 1 || fields[0] !== '') records.push(fields);
    fields = [];
    touched = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) break;
      // Escapable characters keep their meaning as text; before anything else the backslash just disappears.
      field += next;
      i += 1;
      touched = true;
      continue;
    }
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c === '"') {
      quoted = true;
      touched = true;
    } else if (c === delimiter) {
      endField();
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
    } else {
      field += c;
    }
  }
  if (quoted) throw new DelimitedTextError('a quoted field is not closed before the end of the object');
  if (field !== '' || fields.length > 0 || touched) endRecord();
  return records;
}

/**
 * Delimited text as Map items: one object per record, keyed by the headers (the first record for FIRST_ROW),
 * values as strings. A short record gets empty strings for its missing fields; extra fields are skipped.
 */
export function delimitedItems(
  text: string,
  options: { readonly delimiter: string; readonly headers?: readonly string[] },
): Record<string, string>[] {
  const records = parseDelimited(text, options.delimiter);
  const headers = options.headers ?? records.shift();
  if (!headers) return [];
  return records.map((record) => {
    const item: Record<string, string> = {};
    headers.forEach((header, k) => (item[header] = record[k] ?? ''));
    return item;
  });
}
