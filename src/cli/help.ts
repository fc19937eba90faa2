/**
 * The text commander prints after a command's options: what the command needs to be understood,
 * its exit status and runnable examples, always in that order so every `--help` reads the same.
 */

export interface HelpParts {
  /** Paragraphs about behaviour that the option list cannot say. */
  readonly notes?: string;
  /** One line: "0 …, 1 …, 2 bad usage". */
  readonly exit: string;
  /** Command lines without the "$ " prompt; an entry may hold a trailing "  # comment". */
  readonly examples: readonly string[];
}

export function helpText(parts: HelpParts): string {
  const notes = parts.notes ? `\n${parts.notes.trim()}\n` : '';
  const examples = parts.examples.map((e) => `  $ ${e}`).join('\n');
  return `${notes}\nExit status: ${parts.exit}\n\nExamples:\n${examples}`;
}
