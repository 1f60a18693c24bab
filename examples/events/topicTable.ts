/**
 * Each topic is a table of its own (the batcher partitions by topic, so one batch is one table). The name is
 * spliced into SQL — placeholders cannot stand for a table — so only plain identifiers pass, and they are quoted
 * so that case is kept.
 */
const plainIdentifier = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function tableForTopic(topic: string): string {
  if (!plainIdentifier.test(topic)) {
    throw new TypeError(
      `Expected a topic to be a table name of 1 to 63 letters, digits and underscores, not starting with a digit, got \`${topic}\``,
    );
  }
  return `"${topic}"`;
}

/** The longest payload a table takes, in characters: one runaway client cannot fill the disk with one event. */
export const maxPayloadLength = 65_536;
