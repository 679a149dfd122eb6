// Error text, once for every floor (core, node, worker, CLI, extension, webview).

/** The message of a thrown value: an Error's message, else the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A thrown value as an Error (anything else becomes an Error with its text as the message). */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The default branch of a switch over a message union: a compile error when a member is not handled, an Error at run time. */
export function assertNever(value: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(value)}`);
}
