/**
 * Polling for the end-to-end suite: playwright-core has no `expect`, and what a workbench shows
 * arrives asynchronously (language server, debounce, rendering), so every check waits for a
 * condition with a deadline and says what it was waiting for when the deadline passes.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false | ''>,
  what: string,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (let interval = 50; ; interval = Math.min(interval * 2, 500)) {
    try {
      const value = await probe();
      if (value) return value;
      lastError = undefined;
    } catch (error) {
      // The DOM changes under our feet (a row re-rendered, a frame detached): try again.
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
