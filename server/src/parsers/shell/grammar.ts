/**
 * Lazy loading of tree-sitter and its grammars. Loading costs tens of milliseconds and a few MB of
 * WASM memory, so it happens only when a file of that language is first analysed, exactly once per
 * process however many callers ask concurrently.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Language, Parser } from '@vscode/tree-sitter-wasm';

export type GrammarName = 'bash' | 'python' | 'go';

const WASM_FILES: Record<GrammarName, string> = {
  bash: 'tree-sitter-bash.wasm',
  python: 'tree-sitter-python.wasm',
  go: 'tree-sitter-go.wasm',
};

let runtimePromise: Promise<void> | undefined;
const grammarPromises = new Map<GrammarName, Promise<void>>();
const parsers = new Map<GrammarName, Parser>();

/** Candidate folders holding the wasm files, most specific first. */
function wasmFolders(): string[] {
  const folders: string[] = [];
  // The esbuild bundles (server/out/server.js, server/out/cli.js) ship the wasm files next to them.
  if (typeof __dirname === 'string') {
    folders.push(join(__dirname, 'wasm'));
  }
  try {
    folders.push(dirname(require.resolve('@vscode/tree-sitter-wasm')));
  } catch {
    // Not resolvable inside a bundle shipped without node_modules; the folders above must do.
  }
  return folders;
}

/** Absolute path of a wasm file, or throws an error naming every place that was searched. */
export function locateWasm(file: string): string {
  const folders = wasmFolders();
  for (const folder of folders) {
    const candidate = join(folder, file);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`Readiness: cannot find ${file} (searched ${folders.join(', ')})`);
}

function initRuntime(): Promise<void> {
  if (!runtimePromise) {
    runtimePromise = Parser.init({ locateFile: (file: string) => locateWasm(file) }).catch((error: unknown) => {
      // A failed start must not poison the process: the next caller retries.
      runtimePromise = undefined;
      throw error;
    });
  }
  return runtimePromise;
}

/** Loads tree-sitter and one grammar; resolves when `getLoadedParser(name)` is usable. */
export function loadGrammar(name: GrammarName): Promise<void> {
  let pending = grammarPromises.get(name);
  if (!pending) {
    pending = (async () => {
      await initRuntime();
      const language = await Language.load(locateWasm(WASM_FILES[name]));
      const parser = new Parser();
      parser.setLanguage(language);
      parsers.set(name, parser);
    })().catch((error: unknown) => {
      grammarPromises.delete(name);
      throw error;
    });
    grammarPromises.set(name, pending);
  }
  return pending;
}

/** The parser for a grammar already loaded with `loadGrammar`, else undefined (never loads). */
export function getLoadedParser(name: GrammarName): Parser | undefined {
  return parsers.get(name);
}

/**
 * tree-sitter's time on pathological input (thousands of nested `${`) grows faster than its size;
 * a parse that runs past this budget is abandoned and the text treated as unparsable, so a hostile
 * line never stalls the language server.
 */
export function parseBudgetMs(text: string): number {
  // Normal input parses at several MB/s; this leaves a wide margin (1 MB: 2.2 s) and caps the absurd.
  return 150 + Math.ceil(text.length / 512);
}

/** `parser.parse` with a time budget: undefined when it ran out (the parser is reset for the next input). */
export function parseWithBudget(parser: Parser, text: string, budgetMs = parseBudgetMs(text)): ReturnType<Parser['parse']> | undefined {
  const deadline = Date.now() + budgetMs;
  // The progress callback cancels the parse by returning true (the typings say void).
  const progressCallback = (() => Date.now() > deadline) as unknown as (state: unknown) => void;
  const tree = parser.parse(text, null, { progressCallback });
  if (!tree) parser.reset();
  return tree ?? undefined;
}
