/**
 * What the client supports (read once at `initialize`) and which folders it opened. A client
 * without workspace folders but with `rootUri` gets that folder; one with neither gets none, and
 * its files are analysed in ad-hoc roots (see roots.ts).
 */
import type { ClientCapabilities, InitializeParams, WorkspaceFolder } from 'vscode-languageserver';
import { pathToUri, uriToPath } from './paths';

/** What the client told us it supports, read once at `initialize`. */
export interface ClientSupport {
  configuration: boolean;
  workspaceFolders: boolean;
  workDoneProgress: boolean;
  relatedInformation: boolean;
  documentChanges: boolean;
  createFiles: boolean;
  codeActionLiterals: boolean;
  hoverMarkdown: boolean;
  watchedFilesDynamic: boolean;
}

export function readSupport(c: ClientCapabilities): ClientSupport {
  return {
    configuration: c.workspace?.configuration === true,
    workspaceFolders: c.workspace?.workspaceFolders === true,
    workDoneProgress: c.window?.workDoneProgress === true,
    relatedInformation: c.textDocument?.publishDiagnostics?.relatedInformation === true,
    documentChanges: c.workspace?.workspaceEdit?.documentChanges === true,
    createFiles: c.workspace?.workspaceEdit?.resourceOperations?.includes('create') === true,
    codeActionLiterals: c.textDocument?.codeAction?.codeActionLiteralSupport !== undefined,
    hoverMarkdown: c.textDocument?.hover?.contentFormat?.includes('markdown') ?? true,
    watchedFilesDynamic: c.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
  };
}

export function toFolder(folder: WorkspaceFolder): { path: string; uri: string; name: string }[] {
  const path = uriToPath(folder.uri);
  return path ? [{ path, uri: folder.uri, name: folder.name }] : [];
}

/** Workspace folders, else `rootUri` (or the deprecated `rootPath`), else none (single files). */
export function foldersOf(params: InitializeParams): { path: string; uri: string; name: string }[] {
  if (params.workspaceFolders && params.workspaceFolders.length > 0) return params.workspaceFolders.flatMap(toFolder);
  const uri = params.rootUri ?? (params.rootPath ? pathToUri(params.rootPath) : null);
  if (!uri) return [];
  const path = uriToPath(uri);
  return path ? [{ path, uri, name: path.split(/[\\/]/).filter(Boolean).pop() ?? path }] : [];
}
