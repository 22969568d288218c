// Extension activation time: `node bench/activation.mjs` loads client/out/extension.js with a stub
// `vscode` module and calls `activate` with a fake context, in a fresh process (module caches make
// any second load meaningless). Prints one JSON line. What the extension host waits for is the
// module load plus the synchronous `activate`; the language client is created after activation
// returns (see client/src/extension.ts), so it is not part of this number — it is stopped from
// going further by exiting as soon as activate has returned.
import Module from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Any property, call or construction yields another stub; assignments are kept (a status bar item's
 * `text`); `then` is absent so a stub is never awaited as a promise.
 */
function stub(name = 'vscode') {
  const props = new Map();
  return new Proxy(function () {}, {
    get(_target, prop) {
      if (prop === 'then') return undefined;
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === Symbol.iterator) return function* () {};
      if (!props.has(prop)) props.set(prop, stub(`${name}.${String(prop)}`));
      return props.get(prop);
    },
    set(_target, prop, value) {
      props.set(prop, value);
      return true;
    },
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`),
  });
}

// esbuild's interop copies the module's own keys, so the top-level namespaces must be real keys.
const NAMESPACES = ['window', 'workspace', 'commands', 'languages', 'env', 'extensions', 'l10n', 'Uri', 'EventEmitter', 'Disposable', 'StatusBarAlignment', 'ProgressLocation', 'ThemeColor', 'ThemeIcon', 'MarkdownString', 'RelativePattern', 'Range', 'Position', 'Diagnostic', 'DiagnosticSeverity', 'CodeActionKind', 'TextEdit', 'WorkspaceEdit', 'CancellationTokenSource', 'ViewColumn', 'ConfigurationTarget', 'FileType'];
const vscode = Object.fromEntries(NAMESPACES.map((n) => [n, stub(`vscode.${n}`)]));
const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return originalLoad.call(this, request, parent, isMain);
};

const context = new Proxy(
  {
    subscriptions: [],
    extensionPath: ROOT,
    asAbsolutePath: (p) => join(ROOT, p),
    extensionMode: 1,
  },
  { get: (target, prop) => (prop in target ? target[prop] : prop === 'then' ? undefined : stub(`context.${String(prop)}`)) },
);

const require = Module.createRequire(import.meta.url);
const t0 = performance.now();
const extension = require(join(ROOT, 'client/out/extension.js'));
const loaded = performance.now();
extension.activate(context);
const activated = performance.now();
console.log(JSON.stringify({ loadMs: loaded - t0, activateMs: activated - loaded, totalMs: activated - t0, subscriptions: context.subscriptions.length }));
process.exit(0);
