#!/usr/bin/env node
/** The `kqlhunt` executable (package.json bin): runs the program and sets the exit status. */
import { EXIT_OK } from './exit.js';
import { main } from './program.js';

// Stdout may be a closed pipe (`kqlhunt query … | head`): stop quietly instead of crashing.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
