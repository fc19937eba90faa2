/** The program version, in its own module so commands can print it without importing program.ts. */
export const VERSION = '0.1.0';
