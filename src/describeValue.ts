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
