/**
 * Entry point the extension host loads (`extensionTestsPath`): runs the tests one after another and
 * rejects if any failed, which makes runTests fail. A tiny harness instead of mocha, so the suite
 * needs nothing beyond @vscode/test-electron.
 */
import { tests } from './tests';

export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const [name, body] of tests) {
    const started = Date.now();
    try {
      await body();
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failures.push(name);
      console.error(`FAIL ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  console.log(`${tests.length - failures.length} of ${tests.length} passed`);
  if (failures.length > 0) throw new Error(`failed: ${failures.join(', ')}`);
}
