/**
 * Defects these tests found that cannot be fixed at once, each with where it lives, what happens and
 * a minimal reproducer. The property tests tolerate a problem only when an entry recognises it (and
 * count it in their diagnostics); anything else fails. When one is fixed, move its reproducer to
 * regressions.test.ts and delete the entry.
 */
export interface KnownDefect {
  id: string;
  where: string;
  summary: string;
  /** Recognises a problem line reported by the worker (crash, out-of-range). */
  problem?: (problem: string) => boolean;
  /** Recognises an input that is known to exceed the time bound. */
  slowInput?: (text: string, path: string) => boolean;
  /** Recognises an input that kills the process (a V8 fatal error): never run in-process. */
  fatalInput?: (text: string, path: string) => boolean;
  /** The smallest input that shows it: the files of a workspace. */
  reproducer: Record<string, string>;
}

/** Empty: every defect found so far is fixed; their reproducers are in regressions.test.ts. */
export const KNOWN: KnownDefect[] = [
];

export function knownProblem(problem: string): KnownDefect | undefined {
  return KNOWN.find((k) => k.problem?.(problem));
}

export function knownSlowInput(text: string, path = ''): KnownDefect | undefined {
  return KNOWN.find((k) => k.slowInput?.(text, path));
}

export function knownFatalInput(text: string, path: string): KnownDefect | undefined {
  return KNOWN.find((k) => k.fatalInput?.(text, path));
}
