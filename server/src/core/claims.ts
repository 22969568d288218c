import type { Range } from './types';

/**
 * Readiness claims: what a project's own documents (README, checklists) say it does, weighed against
 * the evidence the rules found. Rules emit one `ClaimRecord` per claim through `ctx.claim`, whatever
 * its status, so that the report can list supported claims too (they are not findings).
 */
export type ClaimStatus = 'supported' | 'contradicted' | 'unverified';

/** One place that backs (supported) or refutes (contradicted) a claim. */
export interface ClaimEvidence {
  file: string;
  range: Range;
  /** Short, concrete: "`worker`: service has no healthcheck (compose/missing-healthcheck)". */
  message: string;
}

export interface ClaimRecord {
  /** The Markdown file holding the claim. */
  file: string;
  /** Range of the claim's text (without list marker, checkbox or status mark). */
  range: Range;
  text: string;
  /** Capability id from the claims dictionary: `healthchecks`, `non-root`, `rate-limiting`… */
  capability: string;
  status: ClaimStatus;
  /** Supported: where the capability is in place. Contradicted: the counter-evidence. Unverified: empty. */
  evidence: ClaimEvidence[];
  /** One line for people: "4 of 6 services have no healthcheck", "verified in 2 services". */
  summary: string;
}
