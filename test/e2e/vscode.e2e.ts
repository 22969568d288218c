/**
 * The extension as a user meets it, in VS Code's real workbench (code-server) and headless Chromium:
 * every check reads what is on the screen — status bar, Problems panel, editor lines, notifications,
 * the report preview — and waits for it with a deadline instead of sleeping.
 * Started by test/e2e/run.mjs, which provides code-server and a copy of examples/ (E2E_* variables).
 * Steps depend on each other (the fix edits the file the later steps read), so after the first
 * failure the rest are skipped rather than reported as a cascade of confusing failures.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { waitFor } from './ui';

const url = required('E2E_URL');
const workspace = required('E2E_WORKSPACE');
const output = required('E2E_OUTPUT');
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Browser;
let page: Page;
let failedStep: string | undefined;
/** The status bar right after the audit, to tell later whether it moved. */
let auditedStatus: string | undefined;
let auditedFindings: number | undefined;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite with node test/e2e/run.mjs`);
  return value;
}

/** A test whose failure leaves a screenshot and the page's text behind, named after the step. */
function step(name: string, body: () => Promise<void>): void {
  test(name, async (t: TestContext) => {
    if (failedStep) {
      t.skip(`skipped: step "${failedStep}" failed`);
      return;
    }
    try {
      await body();
      await save(name, 'ok');
    } catch (error) {
      failedStep = name;
      await save(name, 'failed');
      throw error;
    }
  });
}

async function save(name: string, outcome: 'ok' | 'failed'): Promise<void> {
  const base = join(output, `${name}${outcome === 'ok' ? '.ok' : ''}`);
  mkdirSync(output, { recursive: true });
  try {
    await page.screenshot({ path: `${base}.png` });
    if (outcome === 'failed') writeFileSync(`${base}.txt`, await page.locator('body').innerText());
  } catch (error) {
    writeFileSync(`${base}.txt`, `could not capture the page: ${String(error)}`);
  }
}

/** The text of the Readiness status bar entry, or undefined while it is not shown. */
/** The status bar entry's accessible label: "Readiness score 51%, 132 findings." and the like. */
async function statusLabel(): Promise<string | undefined> {
  const labels = await page
    .locator('#workbench\\.parts\\.statusbar .statusbar-item a')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return labels.find((l) => /^Readiness score/.test(l));
}

function findingsIn(label: string | undefined): number | undefined {
  const m = label && /(\d+) findings?/.exec(label);
  return m ? Number(m[1]) : undefined;
}

async function statusText(): Promise<string | undefined> {
  const items = await page.locator('#workbench\\.parts\\.statusbar .statusbar-item').allInnerTexts();
  return items.map((s) => s.trim()).find((s) => /^Readiness\b/.test(s));
}

/** Runs a command from the palette, the way a user does: F1, type its title, Enter on its row. */
async function runCommand(title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

async function openFile(path: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(path);
  const [dir, name] = [path.slice(0, path.lastIndexOf('/')), path.slice(path.lastIndexOf('/') + 1)];
  await page.locator('.quick-input-list .monaco-list-row', { hasText: dir }).filter({ hasText: name }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 10_000 });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor({ timeout: 10_000 });
}

/**
 * Picks an entry of the open Quick Fix menu with the keyboard (the menu lays a pointer-blocking layer
 * over the page, so a keyboard user's path is also the dependable one): down to it, then Enter.
 */
async function chooseAction(title: string): Promise<void> {
  const menu = page.locator('.action-widget');
  await menu.locator('.monaco-list-row.action', { hasText: title }).waitFor({ timeout: 15_000 });
  const focused = menu.locator('.monaco-list-row.focused');
  for (let moves = 0; moves < 20; moves++) {
    const current = await focused.getAttribute('aria-label', { timeout: 5_000 });
    if (current === title) {
      await page.keyboard.press('Enter');
      await menu.waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    }
    await page.keyboard.press('ArrowDown');
    await waitFor(async () => (await focused.getAttribute('aria-label')) !== current, 'the Quick Fix menu to move its focus', 5_000);
  }
  throw new Error(`"${title}" never got the focus in the Quick Fix menu`);
}

/** Puts the cursor at line:column through Go to Line (Ctrl+G). */
async function goTo(line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The editor's visible lines as shown (Monaco renders spaces as no-break spaces). */
async function editorLines(): Promise<string[]> {
  const lines = await page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line').allInnerTexts();
  return lines.map((l) => l.replace(/\u00a0/g, ' '));
}

interface ProblemGroup {
  file: string;
  rows: string[];
}

/**
 * Shows the Problems panel filtered by `filter` and returns its rows grouped by file ("api/Dockerfile"),
 * each row as `readiness(rule/id) [Ln 18, Col 9] message`.
 * A narrow filter keeps every matching row rendered (the tree only renders what fits on screen).
 */
async function problems(filter: string): Promise<ProblemGroup[]> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: 10_000 });
  }
  const input = page.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
  if ((await input.inputValue()) !== filter) await input.fill(filter);
  // One evaluation for all rows: rows read one by one could come from different renderings.
  return panel.locator('.monaco-list-row').evaluateAll((rows) => {
    const groups: { file: string; rows: string[] }[] = [];
    for (const row of rows) {
      if (row.getAttribute('aria-level') === '1') {
        const name = row.querySelector('.label-name')?.textContent ?? '';
        const dir = row.querySelector('.label-description')?.textContent ?? '';
        groups.push({ file: dir ? `${dir}/${name}` : name, rows: [] });
      } else {
        // As the panel shows it: the parentheses around the code are CSS, absent from innerText.
        // (No named helper functions in page code: tsx would wrap them in its own `__name`.)
        const [source, code, line, message] = ['.marker-source', '.marker-code', '.marker-line', '.marker-message'].map(
          (selector) => row.querySelector(selector)?.textContent?.trim() ?? '',
        );
        groups.at(-1)?.rows.push(`${source}(${code}) ${line} ${message}`);
      }
    }
    return groups;
  });
}

/**
 * Rows of `file` under `filter`, waiting until `accept` says the panel shows what is expected.
 * The panel applies a new filter a moment later, so a check for an absence (`r.length === 0`) follows
 * a check for the presence under the same filter: an empty answer then comes from the server.
 */
async function waitForProblems(filter: string, file: string, accept: (rows: string[]) => boolean, what: string): Promise<string[]> {
  return waitFor(async () => {
    const rows = (await problems(filter)).find((g) => g.file === file)?.rows ?? [];
    return accept(rows) ? rows : undefined;
  }, what, 30_000);
}

/** Texts that appeared in notifications or the status bar since the call, however briefly. */
async function recordTransientUi(): Promise<() => Promise<string[]>> {
  // Page-side code as a string: the test project is compiled without the DOM library.
  await page.evaluate(`(() => {
    const seen = (window.__readinessSeen = []);
    const record = () => {
      for (const el of document.querySelectorAll('.notifications-toasts .notification-toast, [id="workbench.parts.statusbar"] .statusbar-item')) {
        const text = el.innerText.replace(/\\s+/g, ' ').trim();
        if (text && !seen.includes(text)) seen.push(text);
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  })()`);
  return () => page.evaluate<string[]>('window.__readinessSeen');
}

/** The frame of the Markdown preview that shows the report (webviews are nested iframes). */
async function reportFrame(): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    try {
      const heading = await frame.locator('h1', { hasText: 'Readiness report' }).count();
      if (heading > 0) return frame;
    } catch {
      // a frame that went away while we looked
    }
  }
  return undefined;
}

describe('Readiness in VS Code (code-server)', { timeout: 6 * 60_000 }, () => {
  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_FLAGS,
    });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  });

  after(async () => {
    await browser?.close();
  });

  step('workbench-opens-folder', async () => {
    await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The Explorer lists the copy of examples/: the folder really is open, not an empty window.
    const explorer = page.locator('.explorer-folders-view');
    await explorer.locator('.monaco-list-row', { hasText: 'docker-compose.yml' }).first().waitFor({ timeout: 60_000 });
    await explorer.locator('.monaco-list-row', { hasText: 'api' }).first().waitFor({ timeout: 10_000 });
  });

  step('extension-activates', async () => {
    // Activation on `workspaceContains:**/Dockerfile*`, before any file is opened: the status bar
    // entry is created in activate(), and "…" turns into a score once the server has scanned.
    await waitFor(statusText, 'the "Readiness" status bar entry', 60_000);
  });

  step('dockerfile-problems', async () => {
    await openFile('api/Dockerfile');
    const rows = await waitForProblems(
      'api/Dockerfile',
      'api/Dockerfile',
      (r) => r.filter((row) => /readiness\(dockerfile\/[a-z-]+\)/.test(row)).length >= 3,
      'Readiness problems with rule ids for api/Dockerfile in the Problems panel',
    );
    assertSome(rows, /readiness\(shell\/tls-verification-disabled\)/, 'an error row with its rule id and position', /\[Ln \d+, Col \d+\]/);
    for (const rule of ['dockerfile/root-user', 'dockerfile/pip-cache-kept']) {
      await waitForProblems(rule, 'api/Dockerfile', exactly(rule), `one ${rule} problem for api/Dockerfile`);
    }
  });

  step('quick-fix-from-lightbulb', async () => {
    const [row] = await waitForProblems('dockerfile/pip-cache-kept', 'api/Dockerfile', exactly('dockerfile/pip-cache-kept'), 'pip-cache-kept before the fix');
    const before = (await editorLines()).find((l) => l.includes('pip install'));
    if (!before || before.includes('--no-cache-dir')) throw new Error(`unexpected pip line before the fix: ${before}`);
    // The cursor inside `install`, where the panel says the finding starts (examples/ changes; its
    // line number is read, not assumed), then Ctrl+. opens the quick fixes.
    const [, line, column] = /\[Ln (\d+), Col (\d+)\]/.exec(row) ?? [];
    if (!line) throw new Error(`no position in the Problems row: ${row}`);
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
    await goTo(Number(line), Number(column) + 2);
    await page.keyboard.press('Control+.');
    await chooseAction('Add --no-cache-dir');
    await waitFor(
      async () => (await editorLines()).find((l) => l.includes('pip install --no-cache-dir --trusted-host')),
      'the pip line to read `pip install --no-cache-dir --trusted-host …` in the editor',
      15_000,
    );
    await waitForProblems('dockerfile/pip-cache-kept', 'api/Dockerfile', (r) => r.length === 0, 'pip-cache-kept to leave the Problems panel');
    // The other finding of that line stays: the fix removed one problem, not the file's diagnostics.
    await waitForProblems('shell/tls-verification-disabled', 'api/Dockerfile', exactly('shell/tls-verification-disabled'), 'tls-verification-disabled to stay');
  });

  step('audit-from-command-palette', async () => {
    const seen = await recordTransientUi();
    await runCommand('Readiness: Run readiness audit');
    // Progress shows as a notification ("Readiness audit: analysing the workspace…") and the status
    // bar spins; both can be brief, so the page itself records them as they appear.
    await waitFor(async () => (await seen()).find((t) => /Readiness audit/.test(t) && /analysing the workspace/.test(t)), 'the audit progress notification', 30_000);
    await page.locator('.tabs-container .tab', { hasText: 'Readiness report' }).first().waitFor({ timeout: 30_000 });
    const frame = await waitFor(reportFrame, 'the report in the Markdown preview', 30_000);
    const text = await frame.locator('body').innerText();
    for (const expected of ['Readiness report', 'Categories', 'Findings']) if (!text.includes(expected)) throw new Error(`the report lacks "${expected}":\n${text.slice(0, 2000)}`);
    const header = await frame.locator('table').first().locator('th').allInnerTexts();
    if (header.join('|') !== 'Category|Score|Checks passed') throw new Error(`unexpected category table header: ${header.join('|')}`);
    if ((await frame.locator('table').first().locator('tbody tr').count()) < 3) throw new Error('the category table has fewer than 3 rows');
  });

  step('status-bar-score', async () => {
    const text = await waitFor(async () => {
      const t = await statusText();
      return t && /^Readiness \d{1,3}%$/.test(t) ? t : undefined;
    }, 'a score such as "Readiness 45%" in the status bar', 30_000);
    auditedStatus = text;
    auditedFindings = await waitFor(async () => findingsIn(await statusLabel()), 'the finding count in the status bar entry\'s label', 10_000);
    const score = Number(/(\d+)%/.exec(text)![1]);
    if (score <= 0 || score >= 100) throw new Error(`examples/ should score strictly between 0 and 100, the status bar says ${text}`);
  });

  step('edit-updates-problems', async () => {
    // Back from the report preview by its tab (keys pressed while a webview has the focus go to it).
    await page.locator('.tabs-container .tab', { hasText: 'Dockerfile' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: 'Dockerfile' }).waitFor({ timeout: 10_000 });
    await waitForProblems('dockerfile/root-user', 'api/Dockerfile', exactly('dockerfile/root-user'), 'root-user before the edit');
    // A click at the start of the CMD line, a new line above it, then `USER app` typed as a user types it.
    const cmd = page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: /^CMD\s/ });
    await cmd.click({ position: { x: 1, y: 5 } });
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.type('USER app', { delay: 20 });
    await page.keyboard.press('Escape'); // closes word-based suggestions, if any showed
    await waitFor(async () => (await editorLines()).includes('USER app'), 'the typed USER line in the editor', 10_000);
    await waitForProblems('dockerfile/root-user', 'api/Dockerfile', (r) => r.length === 0, 'root-user to leave the Problems panel after the edit');
    // Unsaved: the server analysed the editor's text; the file's other problems stay.
    await page.locator('.tabs-container .tab.active.dirty', { hasText: 'Dockerfile' }).waitFor({ timeout: 5_000 });
    await waitForProblems('dockerfile/', 'api/Dockerfile', (r) => r.length >= 5 && r.every((row) => !row.includes('dockerfile/root-user')), 'the other problems of api/Dockerfile to stay');
  });

  // The edit removed a finding; the server re-scores the workspace once edits pause. (The rounded
  // score may not move for one check out of hundreds: the finding count in its label does.)
  step('status-bar-follows-edits', async () => {
    await waitFor(async () => {
      const n = findingsIn(await statusLabel());
      return n !== undefined && auditedFindings !== undefined && n < auditedFindings ? n : undefined;
    }, `the status bar's finding count to drop below ${auditedFindings} after the edit`, 20_000);
  });
});

/** Exactly one row, of that rule (which also proves that the panel applied that filter). */
function exactly(rule: string): (rows: string[]) => boolean {
  return (rows) => rows.length === 1 && rows[0].startsWith(`readiness(${rule})`);
}

function assertSome(rows: string[], pattern: RegExp, what: string, also?: RegExp): void {
  const row = rows.find((r) => pattern.test(r));
  if (!row) throw new Error(`no Problems row matches ${pattern} (${what}); rows:\n${rows.join('\n')}`);
  if (also && !also.test(row)) throw new Error(`the row for ${what} lacks ${also}: ${row}`);
}
