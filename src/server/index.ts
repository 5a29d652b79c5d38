// The server's public surface.
export { buildApp, type AppDeps } from './app.js';
export { HANDOVER_TOKEN_HEADER, type CommandRunner } from './routes/command-handover.js';
