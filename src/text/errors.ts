/**
 * An error the user can act on: the message names the input and the fix. The CLI prints it as one line
 * (no stack trace unless --debug) and exits with `exitCode`.
 */
export class HeraldError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'HeraldError';
    this.exitCode = exitCode;
  }
}

/** Exit code for wrong usage (unknown flag, missing argument), as many Unix tools do. */
export const USAGE = 2;
