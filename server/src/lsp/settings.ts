/**
 * Editor settings (`readiness.*`): from `initializationOptions` at start-up, then pulled per folder
 * with `workspace/configuration` (section `readiness`) when the client supports it, or taken from
 * the `workspace/didChangeConfiguration` payload when it does not. Everything goes through the
 * engine's `sanitizeSettings`; a client answering `null` keeps the defaults.
 */
import type { Connection } from 'vscode-languageserver';
import { sanitizeSettings, type ReadinessConfig } from '../engine/config';
import { KNOWN_RULE_IDS } from '../engine/registry';
import type { Root } from './roots';

export const SECTION = 'readiness';

/**
 * Raw settings from `initializationOptions`: the VS Code client sends `{ settings: {...} }`
 * (protocol.ts `InitializationOptions`); other clients and tests may send the settings themselves.
 */
export function settingsFromInitOptions(options: unknown): Record<string, unknown> {
  if (!options || typeof options !== 'object') return {};
  const o = options as Record<string, unknown>;
  const inner = o.settings && typeof o.settings === 'object' ? o.settings : o;
  return { ...(inner as Record<string, unknown>) };
}

/** Settings pushed in `didChangeConfiguration` (`{ readiness: {...} }` or the section itself). */
export function settingsFromPush(settings: unknown): Record<string, unknown> | undefined {
  if (!settings || typeof settings !== 'object') return undefined;
  const s = settings as Record<string, unknown>;
  const inner = s[SECTION];
  if (inner && typeof inner === 'object') return inner as Record<string, unknown>;
  return 'enable' in s || 'rules' in s || 'exclude' in s || 'debounceMs' in s ? s : undefined;
}

export class Settings {
  /** From `initializationOptions`: the base that pulled or pushed values override key by key. */
  private readonly initial: Record<string, unknown>;
  /** Window-level raw settings: `initial` plus the latest push or window-level pull. */
  private window: Record<string, unknown>;

  constructor(
    initOptions: unknown,
    private readonly connection: Connection,
    private readonly canPull: boolean,
  ) {
    this.initial = settingsFromInitOptions(initOptions);
    this.window = this.initial;
  }

  /** Sanitized window-level settings (for ad-hoc roots and documents outside every folder). */
  windowSettings(): Partial<ReadinessConfig> {
    return sanitizeSettings(this.window, KNOWN_RULE_IDS);
  }

  /** Takes settings pushed by the client (used only when it cannot answer `workspace/configuration`). */
  applyPush(raw: unknown): boolean {
    if (this.canPull) return false;
    const pushed = settingsFromPush(raw);
    if (!pushed) return false;
    this.window = { ...this.initial, ...pushed };
    return true;
  }

  /**
   * Refreshes each root's editor settings (pulling when the client can). Returns the roots whose
   * settings changed. Each pull replaces the previous one; pulled values win over the
   * initialization options key by key, and a `null` answer means "use the initialization options".
   */
  async refresh(roots: readonly Root[]): Promise<Root[]> {
    let pulled: unknown[] = [];
    if (this.canPull) {
      const items = [{ section: SECTION }, ...roots.map((r) => (r.uri ? { scopeUri: r.uri, section: SECTION } : { section: SECTION }))];
      try {
        pulled = await this.connection.workspace.getConfiguration(items);
        if (!Array.isArray(pulled)) pulled = [];
        const windowPull = pulled[0];
        this.window = isObject(windowPull) ? { ...this.initial, ...windowPull } : this.initial;
      } catch (error) {
        this.connection.console.warn(`workspace/configuration failed: ${(error as Error).message}; keeping the current settings`);
        return [];
      }
      pulled = pulled.slice(1);
    }
    const changed: Root[] = [];
    roots.forEach((root, i) => {
      const own = pulled[i];
      const raw = isObject(own) ? { ...this.initial, ...own } : this.window;
      const next = sanitizeSettings(raw, KNOWN_RULE_IDS);
      if (JSON.stringify(next) !== JSON.stringify(root.editor)) {
        root.editor = next;
        changed.push(root);
      }
    });
    return changed;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
