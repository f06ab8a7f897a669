/**
 * The team server's entry point. Until the team-server issue lands it only names the protocol
 * version it will speak, so the desktop and the server can refuse each other clearly.
 */
export const SYNC_PROTOCOL_VERSION = 1;
