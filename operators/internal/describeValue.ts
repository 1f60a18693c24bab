/**
 * Describes a value for an error message as `` `value` (type) ``, the way every rx-batcher error shows
 * what it got: ``got `0` (number)``, ``got `"10"` (string)``, ``got `null` (null)``.
 */
export function describeValue(value: unknown): string {
  return `\`${show(value)}\` (${typeName(value)})`;
}

function show(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'bigint':
      return `${value}n`;
    case 'function':
      return value.name ? `function ${value.name}` : 'function';
    case 'symbol':
      return value.toString();
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `Array(${value.length})`;
      return value.constructor?.name ?? 'Object';
    default:
      return Object.is(value, -0) ? '-0' : String(value);
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

// Long enough to tell keys apart, short enough that a message with a few of them stays on a screen.
const MAX_PREVIEW_LENGTH = 60;

/**
 * Describes a key for an error message as `` `preview` (type) ``, where the preview shows the value's contents
 * (JSON-like, cut after 60 characters): ``key `{"id":1}` (object)`` says which request it was, where
 * `describeValue`'s ``key `Object` (object)`` does not.
 */
export function describeKey(value: unknown): string {
  return `\`${preview(value)}\` (${typeName(value)})`;
}

function preview(value: unknown): string {
  if (typeof value !== 'object' || value === null) return show(value);
  let json: string | undefined;
  try {
    json = JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? `${inner}n` : inner));
  } catch {
    // A cycle: the constructor's name is all there is to show.
  }
  if (json === undefined) return show(value);
  // A class instance's fields alone could be mistaken for a plain object's.
  const className = value.constructor?.name;
  if (className !== undefined && className !== 'Object' && className !== 'Array') json = `${className} ${json}`;
  return json.length > MAX_PREVIEW_LENGTH ? `${json.slice(0, MAX_PREVIEW_LENGTH)}…` : json;
}
