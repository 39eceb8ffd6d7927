/**
 * Entity-side CLI commands, by first word. Each area adds its commands in its own file:
 * entity and apikey and positions (issue #3), notices (issue #7).
 */
import type { Args } from '../args.js';

/** A command gets the parsed arguments (after its name) and returns the exit code. */
export type Command = (args: Args) => Promise<number>;

export const commands: Record<string, { summary: string; run: Command }> = {};
