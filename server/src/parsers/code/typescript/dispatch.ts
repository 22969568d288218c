/**
 * The code dispatch (../index.ts) imports this language module, and this module needs two of its
 * helpers: requiring it at call time, not at load time, keeps either import order working.
 */
import type * as Dispatch from '../index';

export function dispatch(): typeof Dispatch {
  return require('../index') as typeof Dispatch;
}
