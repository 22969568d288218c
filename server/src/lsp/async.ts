/** Small promise helpers for the language server's handlers. */
import type { CancellationToken } from 'vscode-languageserver';

/** Resolves when the token is cancelled (at once if it already is). */
export function whenCancelled(token: CancellationToken): Promise<void> {
  return new Promise((resolve) => {
    if (token.isCancellationRequested) resolve();
    else token.onCancellationRequested(() => resolve());
  });
}

/** Resolves when `promise` settles or after `ms`, whichever comes first (never rejects). */
export function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}
