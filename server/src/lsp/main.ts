/**
 * Entry point of the language server bundle (`server/out/server.js`). Speaks LSP over `--stdio`,
 * node IPC (`--node-ipc`, used by the VS Code client) or `--socket=<port>`, chosen by the library
 * from the command line. The same bundle is also the entry of the background scan's worker thread.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { isScanWorker, runScanWorker } from './scan';
import { startServer } from './server';

if (isScanWorker()) {
  runScanWorker();
} else {
  const connection = createConnection(ProposedFeatures.all);
  // A bug must cost one request, never the server: log what escaped every handler and keep going.
  process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error?.stack ?? error}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${(reason as Error)?.stack ?? reason}`));
  startServer(connection, { scanWorker: __filename });
}
